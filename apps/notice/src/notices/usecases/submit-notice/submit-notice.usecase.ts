import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { type Party, type PendingApproval, submissionOf } from '../../domain/approval.js';
import type { MessageLanguage } from '../../domain/notice.messages.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { nextVersionOf } from '../publish-notice/publish-notice.usecase.js';

/**
 * Submits the current draft revision for a second person's approval (ADR 0023): it must be publishable as
 * it is (the 4xx of publishing otherwise), and waits until approved, rejected, or cancelled by an edit.
 * Submitting the revision that already waits changes nothing and answers the same request.
 */
@Injectable()
export class SubmitNoticeUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly clock: Clock,
  ) {}

  /** `lang`: the language of the 422's messages when the draft is not publishable. */
  async execute(slug: string, requester: Party, lang: MessageLanguage = 'en'): Promise<PendingApproval> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    const submission = submissionOf(notice.pendingApproval ?? null, notice.draftRevision);
    if (submission.kind === 'already-pending') return submission.pending;
    const now = this.clock.now();
    nextVersionOf(notice, now, lang);
    const pending: PendingApproval = {
      draftRevision: notice.draftRevision,
      requestedBy: requester.actor,
      requestedByPersons: requester.persons,
      requestedAt: now,
    };
    const entry = { action: 'requested' as const, draftRevision: notice.draftRevision, by: requester.actor, at: now };
    if (await this.notices.requestApproval(slug, pending, entry)) return pending;
    // Someone submitted the same revision meanwhile (the same answer), or the draft changed (try again).
    const again = await this.notices.findBySlug(slug);
    const raced = again && submissionOf(again.pendingApproval ?? null, notice.draftRevision);
    if (raced && raced.kind === 'already-pending') return raced.pending;
    throw Problems.conflict('The draft changed while it was being submitted; read it again and submit it.');
  }
}
