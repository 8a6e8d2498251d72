import { HttpStatus, Injectable } from '@nestjs/common';
import { NoticePublishedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Notice } from '../../domain/notice.model.js';
import { deriveRights } from '../../domain/rights.js';
import type { PublishedVersionRecord } from '../../persistence/notice.entity.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { PublishedNotices } from '../../read-model/published-notices.js';
import { publicView } from '../../representations/public-view.js';
import { noticePublishedData } from '../../representations/published-event.js';
import { diff } from '../compare-versions/json-diff.js';
import { assertPublishable } from '../notice-input.js';

const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Freezes the draft as the next immutable version, with its publication date and the rights derived
 * from its legal bases, and announces it (`notice.published.v1`), all in one document write.
 */
@Injectable()
export class PublishNoticeUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly readModel: PublishedNotices,
  ) {}

  async execute(slug: string, actor: string): Promise<PublishedVersionRecord> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    if (!notice.draft) throw Problems.conflict('The notice has no draft to publish.');
    const current = notice.versions.find((v) => v.version === notice.currentVersion);
    if (
      current &&
      notice.status === 'published' &&
      diff(stripServiceFields(current.content), stripServiceFields(notice.draft)).length === 0
    ) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'unchanged',
        'Nothing to publish',
        `The draft is the same as the published version ${current.version}.`,
      );
    }
    const now = this.clock.now();
    const version = notice.versions.length + 1;
    const content = { ...notice.draft, version, publishedAt: STOCKHOLM_DATE.format(now) } as unknown as Notice;
    assertPublishable(content);
    const record: PublishedVersionRecord = {
      version,
      publishedAt: now,
      publishedBy: actor,
      content: content as unknown as Record<string, unknown>,
      rights: deriveRights(content),
    };
    const view = publicView(slug, record);
    const event = this.events.outboxEntry(NoticePublishedV1Event, noticePublishedData(view));
    if (!(await this.notices.appendVersion(slug, notice.draftRevision, record, event))) {
      throw Problems.conflict('The notice changed while it was being published; try again.');
    }
    await this.relay.enqueued('notices', slug);
    // This instance answers with the new version at once; the others when the event reaches them.
    this.readModel.applyPublished(view);
    return record;
  }
}

function stripServiceFields(content: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, publishedAt: _p, ...rest } = content;
  return rest;
}
