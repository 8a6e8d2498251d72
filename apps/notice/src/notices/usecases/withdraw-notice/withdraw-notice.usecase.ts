import { Injectable } from '@nestjs/common';
import { NoticeWithdrawnV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { PublishedNotices } from '../../read-model/published-notices.js';

/** Takes a published notice out of the public list; every version stays readable by its number. */
@Injectable()
export class WithdrawNoticeUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly readModel: PublishedNotices,
  ) {}

  async execute(slug: string, reason: string | undefined): Promise<void> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    if (notice.status !== 'published' || notice.currentVersion === null)
      throw Problems.conflict(`The notice is ${notice.status}, not published.`);
    const now = this.clock.now();
    const event = this.events.outboxEntry(NoticeWithdrawnV1Event, {
      noticeId: slug,
      slug,
      lastVersion: notice.currentVersion,
      withdrawnAt: now.toISOString(),
      ...(reason ? { reason } : {}),
    });
    const outbox = await this.notices.withdraw(slug, now, reason ?? null, event);
    if (!outbox) throw Problems.conflict('The notice changed meanwhile; try again.');
    await this.relay.enqueued('notices', slug, outbox);
    await this.readModel.applyWithdrawn(slug, notice.currentVersion, now.toISOString());
  }
}
