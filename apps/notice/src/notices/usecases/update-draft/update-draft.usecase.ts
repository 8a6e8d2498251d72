import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Violation } from '../../domain/notice.validation.js';
import { noticeWarnings } from '../../domain/notice.warnings.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { missingFields, parseDraft } from '../notice-input.js';

/**
 * Replaces a notice's draft. Optimistic concurrency: with `ifMatch` (the draft revision the editor
 * read), a draft changed meanwhile is not overwritten (412).
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
    ifMatch: number | undefined,
  ): Promise<{ draftRevision: number; warnings: Violation[]; missing: Violation[] }> {
    const existing = await this.notices.findBySlug(slug);
    if (!existing) throw Problems.notFound(`The notice ${slug}`);
    const draft = parseDraft(input, slug);
    const expected = ifMatch ?? existing.draftRevision;
    const ok = await this.notices.replaceDraft(
      slug,
      expected,
      draft as unknown as Record<string, unknown>,
      draft.controller?.organisationNumber ?? null,
      draft.id,
      this.clock.now(),
    );
    if (!ok) {
      throw new ProblemException(
        HttpStatus.PRECONDITION_FAILED,
        'draft-changed',
        'The draft has changed',
        `The draft is at revision ${existing.draftRevision}, not ${expected}; read it again and reapply your change.`,
      );
    }
    return { draftRevision: expected + 1, warnings: noticeWarnings(draft), missing: missingFields({ ...draft, version: 1 }) };
  }
}
