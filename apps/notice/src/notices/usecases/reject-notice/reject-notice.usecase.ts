import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { type ApprovalHistoryEntry, decisionRefusal, type Party } from '../../domain/approval.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { refused } from '../decision-refused.js';

/**
 * A second person rejects the draft revision waiting for approval: the request is cleared, and the
 * rejection with its reason stays in the notice's approval history. The draft is kept as it is.
 */
@Injectable()
export class RejectNoticeUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly clock: Clock,
  ) {}

  async execute(slug: string, reason: string, decider: Party): Promise<ApprovalHistoryEntry> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    const pending = notice.pendingApproval ?? null;
    const refusal = decisionRefusal(pending, notice.draftRevision, decider);
    if (refusal || !pending) throw refused(refusal ?? { kind: 'nothing-pending' }, slug, 'reject');
    const entry: ApprovalHistoryEntry = {
      action: 'rejected',
      draftRevision: pending.draftRevision,
      by: decider.actor,
      at: this.clock.now(),
      reason,
    };
    if (!(await this.notices.rejectApproval(slug, pending.draftRevision, decider.persons, entry)))
      throw Problems.conflict('The request was decided on, or the draft changed, meanwhile; read it again.');
    return entry;
  }
}
