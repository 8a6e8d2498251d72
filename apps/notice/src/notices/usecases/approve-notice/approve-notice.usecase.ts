import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { decisionRefusal, type Party } from '../../domain/approval.js';
import type { MessageLanguage } from '../../domain/notice.messages.js';
import type { PublishedVersionRecord } from '../../persistence/notice.entity.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { refused } from '../decision-refused.js';
import { PublishNoticeUseCase } from '../publish-notice/publish-notice.usecase.js';

/**
 * A second person approves the draft revision waiting for approval, which publishes it exactly as
 * publishing alone did before ADR 0023: the version names its requester (`publishedBy`) and its approver
 * (`approvedBy`). The requester never approves her own request (403); a revision other than the one
 * waiting, or none waiting, is a 409.
 */
@Injectable()
export class ApproveNoticeUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly publish: PublishNoticeUseCase,
    private readonly clock: Clock,
  ) {}

  /** `lang`: the language of the 422's messages when the draft no longer passes the rules. */
  async execute(slug: string, draftRevision: number, approver: Party, lang: MessageLanguage = 'en'): Promise<PublishedVersionRecord> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    const pending = notice.pendingApproval ?? null;
    const refusal = decisionRefusal(pending, notice.draftRevision, approver, draftRevision);
    if (refusal || !pending) throw refused(refusal ?? { kind: 'nothing-pending' }, slug, 'approve');
    return this.publish.execute(
      slug,
      pending.requestedBy,
      {
        draftRevision,
        approvedBy: approver.actor,
        approverPersons: approver.persons,
        entry: { action: 'approved', draftRevision, by: approver.actor, at: this.clock.now() },
      },
      lang,
    );
  }
}
