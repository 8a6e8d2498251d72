import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { cancellationOf } from '../../domain/approval.js';
import type { MessageLanguage } from '../../domain/notice.messages.js';
import type { Violation } from '../../domain/notice.validation.js';
import { noticeWarnings } from '../../domain/notice.warnings.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { missingFields, parseDraft } from '../notice-input.js';

/**
 * Replaces a notice's draft. Optimistic concurrency: `ifMatch` is the draft revision the editor read, and
 * a draft changed meanwhile is not overwritten (412). A pending approval is cancelled (ADR 0023): it names
 * a revision that is no longer the draft.
 */
@Injectable()
export class UpdateDraftUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    slug: string,
    input: unknown,
    ifMatch: number,
    actor: string,
    lang: MessageLanguage = 'en',
  ): Promise<{ draftRevision: number; warnings: Violation[]; missing: Violation[]; approvalCancelled: boolean }> {
    const existing = await this.notices.findBySlug(slug);
    if (!existing) throw Problems.notFound(`The notice ${slug}`);
    const draft = parseDraft(input, slug, lang);
    const now = this.clock.now();
    const cancelled = cancellationOf(existing.pendingApproval ?? null, actor, now);
    const ok = await this.notices.replaceDraft(
      slug,
      ifMatch,
      draft,
      draft.controller?.organisationNumber ?? null,
      draft.id,
      now,
      cancelled,
    );
    if (!ok) {
      throw new ProblemException(
        HttpStatus.PRECONDITION_FAILED,
        'draft-changed',
        'The draft has changed',
        `The draft is at revision ${existing.draftRevision}, not ${ifMatch}; read it again and reapply your change.`,
      );
    }
    return {
      draftRevision: ifMatch + 1,
      warnings: noticeWarnings(draft, lang),
      missing: missingFields({ ...draft, version: 1 }, lang),
      approvalCancelled: cancelled !== null,
    };
  }
}
