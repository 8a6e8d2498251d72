import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  NoticePublishedV1Event,
  NoticeWithdrawnV1Event,
  type RuleActivatedV1,
  RuleActivatedV1Event,
  type RuleRetiredV1,
  RuleRetiredV1Event,
  Topics,
  validateEvent,
} from '@insyn/contracts';
import { type BroadcastListener, type BroadcastMessage, Broadcasts } from '@insyn/messaging';
import type { NoticeEnv } from '../../config/notice-env.js';
import { fromActivation, fromRetirement } from '../../governing-rules/domain/governing-rule.js';
import { GoverningRules } from '../../governing-rules/governing-rules.js';
import { NoticeRepository } from '../persistence/notice.repository.js';
import { type PublicNoticeView, publicView } from '../representations/public-view.js';
import { RenderedNotice } from '../representations/rendered-notice.js';

const RECONCILE_MS = 5 * 60_000;
const OLD_VERSIONS_KEPT = 500;

function isView(content: unknown): content is PublicNoticeView {
  const v = content as Partial<PublicNoticeView> | null;
  return (
    typeof v?.id === 'string' &&
    typeof v.version === 'number' &&
    typeof v.rights === 'object' &&
    typeof v.title?.sv === 'string' &&
    Array.isArray(v.legalBasisGroups)
  );
}

export interface NoticeSummary {
  id: string;
  version: number;
  publishedAt: string;
  title: PublicNoticeView['title'];
  controller: { name: PublicNoticeView['controller']['name']; organisationNumber?: string };
  /** The current version; on a withdrawn notice, its last version (readable by number). */
  href: string;
  /** `withdrawn` only in a list of changes (`since`): the public list shows published notices only. */
  status: 'published' | 'withdrawn';
  /** When the notice was withdrawn (ISO 8601), on a withdrawn one. */
  withdrawnAt?: string;
  /** When it last changed (ISO 8601): its current version published, or the notice withdrawn. */
  changedAt: string;
}

/** A withdrawn notice as the list of changes shows it: its last version, and when it was withdrawn. */
interface WithdrawnNotice {
  view: PublicNoticeView;
  withdrawnAt: string;
}

/** When a version was published, to the millisecond (`publishedAt` of the view may be the day its text gives). */
const publishedInstant = (view: PublicNoticeView): string =>
  new Date((view.publication as PublicNoticeView['publication'] | undefined)?.publishedAt ?? view.publishedAt).toISOString();

/**
 * The public read side, held in memory: the current version of every published notice, rendered once.
 * Every instance keeps it current by reading the service's own `notice.published.v1` and
 * `notice.withdrawn.v1` with a consumer group of its own (a broadcast), so any replica answers with
 * the newest version within moments of a publish; a full reload every few minutes repairs anything
 * missed. Older versions are immutable, so they are cached without invalidation.
 *
 * A withdrawn notice leaves the current ones but is kept, with its last version and the time of its
 * withdrawal, for the list of changes (`GET /v1/notices?since=`), so a system that syncs learns of it.
 *
 * The same listener hears `retention.rule.activated.v1` and `retention.rule.retired.v1` and updates the
 * in-memory governing rules, so every replica shows a newly activated rule next to the statements that
 * cite it at once, and a retired one as retired (the service's consumer group stores them, and
 * dead-letters a bad one; here a bad one is only skipped).
 */
@Injectable()
export class PublishedNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PublishedNotices.name);
  private current = new Map<string, RenderedNotice>();
  private withdrawn = new Map<string, WithdrawnNotice>();
  private readonly old = new Map<string, RenderedNotice>();
  private listener?: BroadcastListener;
  private timer?: NodeJS.Timeout;
  private readonly baseUrl: string;

  constructor(
    private readonly notices: NoticeRepository,
    private readonly broadcasts: Broadcasts,
    private readonly rules: GoverningRules,
    config: ConfigService<NoticeEnv, true>,
  ) {
    this.baseUrl = config.get('NOTICE_PUBLIC_BASE_URL', { infer: true }).replace(/\/$/, '');
  }

  async onApplicationBootstrap(): Promise<void> {
    // Listen first, then load: whatever is published in between arrives as an event.
    await this.listen();
    await this.reload();
    this.timer = setInterval(
      () => void this.reload().catch((err: unknown) => this.logger.warn(`reconcile failed: ${(err as Error).message}`)),
      RECONCILE_MS,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.stop();
  }

  async reload(): Promise<void> {
    await this.rules.reload();
    const all = await this.notices.findAllCurrentVersions();
    const next = new Map<string, RenderedNotice>();
    for (const { slug, version } of all) {
      const known = this.current.get(slug);
      next.set(
        slug,
        known && known.version === version.version ? known : new RenderedNotice(publicView(slug, version), this.baseUrl, this.rules),
      );
    }
    const withdrawn = new Map<string, WithdrawnNotice>();
    for (const { slug, version, withdrawnAt } of await this.notices.findAllWithdrawnVersions())
      withdrawn.set(slug, { view: publicView(slug, version), withdrawnAt: withdrawnAt.toISOString() });
    this.current = next;
    this.withdrawn = withdrawn;
  }

  applyPublished(view: PublicNoticeView): void {
    const known = this.current.get(view.id);
    const gone = this.withdrawn.get(view.id);
    // A version already withdrawn (its event heard late, or again) is not current.
    if (gone && gone.view.version >= view.version) return;
    if (!known || known.version < view.version) {
      this.current.set(view.id, new RenderedNotice(view, this.baseUrl, this.rules));
      this.withdrawn.delete(view.id);
    }
  }

  /** The notice withdrawn at `withdrawnAt` with `lastVersion` current; an older withdrawal than what is known changes nothing. */
  async applyWithdrawn(slug: string, lastVersion: number, withdrawnAt: string): Promise<void> {
    const known = this.current.get(slug);
    if (known && known.version > lastVersion) return;
    const gone = this.withdrawn.get(slug);
    if (!known && gone && gone.view.version >= lastVersion) return;
    this.current.delete(slug);
    // The version it did not hold is read from the store; not found, or the read failing, leaves it to the next reload.
    const record =
      known?.version === lastVersion
        ? undefined
        : await this.notices.findVersion(slug, lastVersion).catch((err: unknown) => {
            this.logger.warn(`reading withdrawn ${slug}@${lastVersion} failed: ${(err as Error).message}`);
            return null;
          });
    const view = known?.version === lastVersion ? known.view : record ? publicView(slug, record) : undefined;
    if (view && !this.current.has(slug)) this.withdrawn.set(slug, { view, withdrawnAt: new Date(withdrawnAt).toISOString() });
  }

  latest(slug: string): RenderedNotice | undefined {
    return this.current.get(slug);
  }

  async version(slug: string, version: number): Promise<RenderedNotice | undefined> {
    const current = this.current.get(slug);
    if (current?.version === version) return current;
    const key = `${slug}@${version}`;
    const cached = this.old.get(key);
    if (cached) return cached;
    const record = await this.notices.findVersion(slug, version);
    if (!record) return undefined;
    const rendered = new RenderedNotice(publicView(slug, record), this.baseUrl, this.rules);
    if (this.old.size >= OLD_VERSIONS_KEPT) this.old.delete(this.old.keys().next().value!);
    this.old.set(key, rendered);
    return rendered;
  }

  /**
   * Summaries of the current version of each published notice matching the filter, with the withdrawn ones
   * when `withWithdrawn` (the list of changes); in no particular order (domain/notice-list-order.ts orders them).
   */
  list(filter: { controller?: string; activity?: string }, withWithdrawn = false): NoticeSummary[] {
    const controller = filter.controller?.toLowerCase();
    const activity = filter.activity?.toLowerCase();
    const matches = (v: PublicNoticeView): boolean =>
      (!controller ||
        v.controller.organisationNumber === controller ||
        [v.controller.name.sv, v.controller.name.en ?? ''].some((n) => n.toLowerCase().includes(controller))) &&
      (!activity || v.id.includes(activity) || [v.title.sv, v.title.en ?? ''].some((t) => t.toLowerCase().includes(activity)));
    const published = [...this.current.values()]
      .map((r) => r.view)
      .filter(matches)
      .map((v) => summaryOf(v));
    if (!withWithdrawn) return published;
    const withdrawn = [...this.withdrawn.values()].filter((w) => matches(w.view)).map((w) => summaryOf(w.view, w.withdrawnAt));
    return [...published, ...withdrawn];
  }

  private async listen(): Promise<void> {
    this.listener = this.broadcasts.listener('read-model', 'PublishedNotices.listen');
    await this.listener.run(
      [Topics.NoticePublishedV1, Topics.NoticeWithdrawnV1, Topics.RetentionRuleActivatedV1, Topics.RetentionRuleRetiredV1],
      (message) => this.onMessage(message),
    );
  }

  private async onMessage(message: BroadcastMessage): Promise<void> {
    const { topic, event } = message;
    if (topic === Topics.RetentionRuleActivatedV1) {
      // GoverningRulesConsumer (the consumer group) stores it and dead-letters a bad one.
      if (validateEvent(RuleActivatedV1Event, event).length === 0)
        this.rules.apply(fromActivation((event as { data: RuleActivatedV1 }).data));
      return;
    }
    if (topic === Topics.RetentionRuleRetiredV1) {
      if (validateEvent(RuleRetiredV1Event, event).length === 0)
        this.rules.applyRetirement(fromRetirement((event as { data: RuleRetiredV1 }).data));
      return;
    }
    const contract = topic === Topics.NoticePublishedV1 ? NoticePublishedV1Event : NoticeWithdrawnV1Event;
    const violations = validateEvent(contract, event);
    if (topic === Topics.NoticePublishedV1 && violations.length === 0 && !isView((event as { data: { content: unknown } }).data.content)) {
      violations.push({ field: 'data.content', messages: ['content is not a published notice view'] });
    }
    if (violations.length > 0) return this.listener!.deadLetter(message, violations);
    if (topic === Topics.NoticePublishedV1) {
      this.applyPublished((event as { data: { content: PublicNoticeView } }).data.content);
    } else {
      const data = (event as { data: { slug: string; lastVersion: number; withdrawnAt: string } }).data;
      await this.applyWithdrawn(data.slug, data.lastVersion, data.withdrawnAt);
    }
  }
}

function summaryOf(v: PublicNoticeView, withdrawnAt?: string): NoticeSummary {
  return {
    id: v.id,
    version: v.version,
    publishedAt: v.publishedAt,
    title: v.title,
    controller: {
      name: v.controller.name,
      ...(v.controller.organisationNumber ? { organisationNumber: v.controller.organisationNumber } : {}),
    },
    // A withdrawn notice has no current version; its last one stays readable by number.
    href: withdrawnAt ? `/v1/notices/${v.id}/versions/${v.version}` : `/v1/notices/${v.id}`,
    status: withdrawnAt ? 'withdrawn' : 'published',
    ...(withdrawnAt ? { withdrawnAt } : {}),
    changedAt: withdrawnAt ?? publishedInstant(v),
  };
}
