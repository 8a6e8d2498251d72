import { HttpStatus, Injectable } from '@nestjs/common';
import { NoticePublishedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { ApprovalHistoryEntry } from '../../domain/approval.js';
import type { MessageLanguage } from '../../domain/notice.messages.js';
import type { Notice } from '../../domain/notice.model.js';
import { deriveRights } from '../../domain/rights.js';
import type { NoticeRecord, PublishedVersionRecord } from '../../persistence/notice.entity.js';
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
 * The draft of `notice` as its next version, published at `now`, or the 4xx that says why it cannot be:
 * no draft (409), the same as the published version (409 `unchanged`), incomplete or breaking a rule
 * (422, its messages in `lang`). Submitting for approval checks exactly this, so what waits for approval can be published.
 */
export function nextVersionOf(notice: NoticeRecord, now: Date, lang: MessageLanguage = 'en'): { version: number; content: Notice } {
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
  const version = notice.versions.length + 1;
  const content = { ...notice.draft, version, publishedAt: STOCKHOLM_DATE.format(now) };
  assertPublishable(content, lang);
  return { version, content };
}

/** The approval a version is published under (ADR 0023): who approved, and the history line it writes. */
export interface PublishApproval {
  draftRevision: number;
  approvedBy: string;
  approverPersons: string[];
  entry: Omit<ApprovalHistoryEntry, 'version'>;
}

/**
 * Freezes the draft as the next immutable version, with its publication date and the rights derived
 * from its legal bases, and announces it (`notice.published.v1`), all in one document write. Over HTTP it
 * runs only once a second person approves (ApproveNoticeUseCase); the operators' CLI and the benchmarks
 * call it directly.
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

  async execute(slug: string, actor: string, approval?: PublishApproval, lang: MessageLanguage = 'en'): Promise<PublishedVersionRecord> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    const now = this.clock.now();
    const { version, content } = nextVersionOf(notice, now, lang);
    const record: PublishedVersionRecord = {
      version,
      publishedAt: now,
      publishedBy: actor,
      ...(approval ? { approvedBy: approval.approvedBy } : {}),
      content,
      rights: deriveRights(content),
    };
    const view = publicView(slug, record);
    const event = this.events.outboxEntry(NoticePublishedV1Event, noticePublishedData(view));
    const draftRevision = approval?.draftRevision ?? notice.draftRevision;
    const approved = approval ? { approverPersons: approval.approverPersons, entry: { ...approval.entry, version } } : undefined;
    const outbox = await this.notices.appendVersion(slug, draftRevision, record, event, approved);
    if (!outbox) throw Problems.conflict('The notice changed while it was being published; try again.');
    await this.relay.enqueued('notices', slug, outbox);
    // This instance answers with the new version at once; the others when the event reaches them.
    this.readModel.applyPublished(view);
    return record;
  }
}

function stripServiceFields<T extends { version?: unknown; publishedAt?: unknown }>(content: T): Omit<T, 'version' | 'publishedAt'> {
  const { version: _v, publishedAt: _p, ...rest } = content;
  return rest;
}
