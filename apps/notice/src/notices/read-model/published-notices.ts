import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  NoticePublishedV1Event,
  NoticeWithdrawnV1Event,
  type RuleActivatedV1,
  RuleActivatedV1Event,
  Topics,
  validateEvent,
} from '@insyn/contracts';
import { type BroadcastListener, type BroadcastMessage, Broadcasts } from '@insyn/messaging';
import type { NoticeEnv } from '../../config/notice-env.js';
import { fromActivation } from '../../governing-rules/domain/governing-rule.js';
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
  href: string;
}

/**
 * The public read side, held in memory: the current version of every published notice, rendered once.
 * Every instance keeps it current by reading the service's own `notice.published.v1` and
 * `notice.withdrawn.v1` with a consumer group of its own (a broadcast), so any replica answers with
 * the newest version within moments of a publish; a full reload every few minutes repairs anything
 * missed. Older versions are immutable, so they are cached without invalidation.
 *
 * The same listener hears `retention.rule.activated.v1` and updates the in-memory governing rules, so
 * every replica shows a newly activated rule next to the statements that cite it at once (the service's
 * consumer group stores it, and dead-letters a bad one; here a bad one is only skipped).
 */
@Injectable()
export class PublishedNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PublishedNotices.name);
  private current = new Map<string, RenderedNotice>();
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
    this.current = next;
  }

  applyPublished(view: PublicNoticeView): void {
    const known = this.current.get(view.id);
    if (!known || known.version < view.version) this.current.set(view.id, new RenderedNotice(view, this.baseUrl, this.rules));
  }

  applyWithdrawn(slug: string, lastVersion: number): void {
    const known = this.current.get(slug);
    if (known && known.version <= lastVersion) this.current.delete(slug);
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

  list(filter: { controller?: string; activity?: string }): NoticeSummary[] {
    const controller = filter.controller?.toLowerCase();
    const activity = filter.activity?.toLowerCase();
    return (
      [...this.current.values()]
        .map((r) => r.view)
        .filter(
          (v) =>
            !controller ||
            v.controller.organisationNumber === controller ||
            [v.controller.name.sv, v.controller.name.en ?? ''].some((n) => n.toLowerCase().includes(controller)),
        )
        .filter(
          (v) => !activity || v.id.includes(activity) || [v.title.sv, v.title.en ?? ''].some((t) => t.toLowerCase().includes(activity)),
        )
        // By code unit, not locale: the order the list's cursor pages by (`id > after`).
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((v) => ({
          id: v.id,
          version: v.version,
          publishedAt: v.publishedAt,
          title: v.title,
          controller: {
            name: v.controller.name,
            ...(v.controller.organisationNumber ? { organisationNumber: v.controller.organisationNumber } : {}),
          },
          href: `/v1/notices/${v.id}`,
        }))
    );
  }

  private async listen(): Promise<void> {
    this.listener = this.broadcasts.listener('read-model', 'PublishedNotices.listen');
    await this.listener.run([Topics.NoticePublishedV1, Topics.NoticeWithdrawnV1, Topics.RetentionRuleActivatedV1], (message) =>
      this.onMessage(message),
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
    const contract = topic === Topics.NoticePublishedV1 ? NoticePublishedV1Event : NoticeWithdrawnV1Event;
    const violations = validateEvent(contract, event);
    if (topic === Topics.NoticePublishedV1 && violations.length === 0 && !isView((event as { data: { content: unknown } }).data.content)) {
      violations.push({ field: 'data.content', messages: ['content is not a published notice view'] });
    }
    if (violations.length > 0) return this.listener!.deadLetter(message, violations);
    if (topic === Topics.NoticePublishedV1) {
      this.applyPublished((event as { data: { content: PublicNoticeView } }).data.content);
    } else {
      const data = (event as { data: { slug: string; lastVersion: number } }).data;
      this.applyWithdrawn(data.slug, data.lastVersion);
    }
  }
}
