import { Injectable } from '@nestjs/common';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { MessageLanguage } from '../../domain/notice.messages.js';
import { noticeWarnings } from '../../domain/notice.warnings.js';
import type { Violation } from '../../domain/notice.validation.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { missingFields, parseDraft } from '../notice-input.js';

export interface ImportedNotice {
  slug: string;
  draftRevision: number;
  /** Statements GDPR expects that the draft does not make (the author is told; nothing is refused). */
  warnings: Violation[];
  /** What the draft still lacks to be published, each field named. */
  missing: Violation[];
}

/** Creates a new notice from a complete draft (JSON or YAML); its id becomes the slug. */
@Injectable()
export class ImportNoticeUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly clock: Clock,
  ) {}

  /** `lang`: the language of the messages (warnings, missing, a 400's errors). */
  async execute(input: unknown, actor: string, lang: MessageLanguage = 'en'): Promise<ImportedNotice> {
    const draft = parseDraft(input, undefined, lang);
    const now = this.clock.now();
    const inserted = await this.notices.insert({
      _id: draft.id,
      status: 'draft',
      controllerOrg: draft.controller?.organisationNumber ?? null,
      activity: draft.id,
      draft,
      draftRevision: 1,
      versions: [],
      currentVersion: null,
      withdrawnAt: null,
      withdrawalReason: null,
      pendingApproval: null,
      approvalHistory: [],
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      outbox: [],
    });
    if (!inserted) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'notice-exists',
        'The notice exists',
        `A notice with id ${draft.id} exists; edit its draft instead.`,
        undefined,
        {
          slug: draft.id,
        },
      );
    }
    return {
      slug: draft.id,
      draftRevision: 1,
      warnings: noticeWarnings(draft, lang),
      missing: missingFields({ ...draft, version: 1 }, lang),
    };
  }
}
