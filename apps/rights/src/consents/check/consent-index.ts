import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  type ConsentChangedV1,
  ConsentChangedV1Event,
  type ConsentState,
  NoticePublishedV1Event,
  NoticeWithdrawnV1Event,
  type NoticePublishedV1,
  type NoticeWithdrawnV1,
  Topics,
  validateEvent,
} from '@insyn/contracts';
import { type BroadcastListener, type BroadcastMessage, Broadcasts } from '@insyn/messaging';
import { metric } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { Gauge } from 'prom-client';
import type { RightsEnv } from '../../config/rights-env.js';
import { type NoticeTerms, noticeTermsOf } from '../../notices/domain/notice-terms.js';
import { NoticeTermsRepository } from '../../notices/persistence/notice-terms.repository.js';
import { type CheckAnswer, checkConsent, textDigest } from '../domain/consent.js';
import { ConsentsRepository } from '../persistence/consents.repository.js';

/** What the index keeps of one consent: its newest change. */
export interface IndexedConsent {
  consentId: string;
  subjectKey: string;
  notice: string;
  purpose: string;
  state: ConsentState;
  sequence: number;
  noticeVersion: number;
  textDigest: string;
  changedAt: Date;
}

interface IndexedNotice {
  version: number;
  /** Consent purposes of the current version: id → digest of their wording. */
  purposes: Map<string, string>;
}

export interface CheckResult extends CheckAnswer {
  consentId?: string;
  state?: ConsentState;
  /** The notice version the newest change was made under. */
  givenUnderVersion?: number;
  changedAt?: string;
  currentNoticeVersion?: number;
}

/** Changes written this close before the last sync are read again: instances' clocks differ a little. */
const SYNC_OVERLAP_MS = 60_000;
/** Now and then everything is read again (it also forgets notices withdrawn while an event was missed). */
const FULL_RELOAD_EVERY = 40;

const indexed = metric(
  'insyn_rights_consent_index_consents',
  () => new Gauge({ name: 'insyn_rights_consent_index_consents', help: 'Consents held in this instance’s consent-check index' }),
);
const syncAge = metric(
  'insyn_rights_consent_index_sync_age_seconds',
  () =>
    new Gauge({
      name: 'insyn_rights_consent_index_sync_age_seconds',
      help: 'Seconds since this instance’s consent-check index last read the consents from the database',
    }),
);

/** What /health and the metrics say of the index. */
export interface ConsentIndexStatus {
  consents: number;
  /** When the last sync from the database succeeded; undefined before the first. */
  syncedAt?: Date;
  /** Whether the consent.changed.v1 listener runs (false after it crashed or stopped). */
  listening: boolean;
  syncMs: number;
}

const keyOf = (subjectKey: string, notice: string, purpose: string) => `${subjectKey}\n${notice}\n${purpose}`;

/**
 * The consent check's hot path, in memory: every consent's newest state and every current notice's
 * consent purposes. With several instances, each keeps its own index current:
 * - it reads `consent.changed.v1`, `notice.published.v1` and `notice.withdrawn.v1` with a consumer group
 *   of its own (a broadcast), so a change made on any instance reaches every index within moments;
 * - the instance that made a change applies it at once (read your own writes);
 * - every RIGHTS_CONSENT_SYNC_MS it reads the consents changed lately from MongoDB, so a change whose
 *   event is late (Kafka down, the relay behind) is in every index within that time at the latest.
 * A change is applied only when its sequence is newer than the one held, so the three sources never
 * move a consent backwards.
 */
@Injectable()
export class ConsentIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsentIndex.name);
  private consents = new Map<string, IndexedConsent>();
  private notices = new Map<string, IndexedNotice>();
  private listener?: BroadcastListener;
  private timer?: NodeJS.Timeout;
  private lastSync?: Date;
  private syncs = 0;
  private syncing?: Promise<void>;
  private readonly syncMs: number;

  constructor(
    private readonly repository: ConsentsRepository,
    private readonly noticeTerms: NoticeTermsRepository,
    private readonly broadcasts: Broadcasts,
    private readonly clock: Clock,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.syncMs = config.get('RIGHTS_CONSENT_SYNC_MS', { infer: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Listen first, then load: whatever changes in between arrives as an event.
    await this.listen();
    await this.sync(true);
    this.timer = setInterval(() => void this.sync(++this.syncs % FULL_RELOAD_EVERY === 0), this.syncMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.syncing;
    await this.listener?.stop();
  }

  /** Does the person consent to the purpose of the notice now? */
  check(subjectKey: string, notice: string, purpose: string): CheckResult {
    const terms = this.notices.get(notice);
    const digest = terms?.purposes.get(purpose);
    const consent = this.consents.get(keyOf(subjectKey, notice, purpose));
    const answer = checkConsent(
      consent,
      !terms ? 'notice-not-current' : digest === undefined ? 'purpose-not-current' : { textDigest: digest },
    );
    return {
      ...answer,
      ...(consent
        ? {
            consentId: consent.consentId,
            state: consent.state,
            givenUnderVersion: consent.noticeVersion,
            changedAt: consent.changedAt.toISOString(),
          }
        : {}),
      ...(terms ? { currentNoticeVersion: terms.version } : {}),
    };
  }

  /** Takes a consent's state if it is newer than the one held. */
  apply(consent: IndexedConsent): void {
    const key = keyOf(consent.subjectKey, consent.notice, consent.purpose);
    const held = this.consents.get(key);
    if (held && held.sequence >= consent.sequence) return;
    // Only these fields: a caller's object may carry more (a whole consent with its history).
    const { consentId, subjectKey, notice, purpose, state, sequence, noticeVersion, changedAt } = consent;
    this.consents.set(key, {
      consentId,
      subjectKey,
      notice,
      purpose,
      state,
      sequence,
      noticeVersion,
      textDigest: consent.textDigest,
      changedAt,
    });
  }

  applyNotice(terms: NoticeTerms): void {
    const held = this.notices.get(terms.slug);
    if (held && held.version >= terms.version) return;
    this.notices.set(terms.slug, { version: terms.version, purposes: new Map(terms.consentPurposes.map((p) => [p.id, textDigest(p)])) });
  }

  applyNoticeWithdrawn(slug: string, lastVersion: number): void {
    const held = this.notices.get(slug);
    if (held && held.version <= lastVersion) this.notices.delete(slug);
  }

  /** How many consents the index holds (for tests and the benchmark). */
  get size(): number {
    return this.consents.size;
  }

  status(): ConsentIndexStatus {
    if (this.lastSync) syncAge().set((this.clock.now().getTime() - this.lastSync.getTime()) / 1000);
    return {
      consents: this.consents.size,
      ...(this.lastSync ? { syncedAt: this.lastSync } : {}),
      listening: this.listener?.isListening ?? false,
      syncMs: this.syncMs,
    };
  }

  /** Reads the consents changed since the last sync (all of them when `full`) and the current notices. */
  sync(full = false): Promise<void> {
    this.syncing ??= this.doSync(full)
      .catch((err: unknown) => this.logger.warn(`consent index sync failed (next try in ${this.syncMs} ms): ${(err as Error).message}`))
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async doSync(full: boolean): Promise<void> {
    const started = this.clock.now();
    const since = full || !this.lastSync ? undefined : new Date(this.lastSync.getTime() - SYNC_OVERLAP_MS);
    const [rows, current] = await Promise.all([this.repository.summariesSince(since), this.noticeTerms.listCurrent()]);
    if (since) for (const row of rows) this.apply(row);
    else {
      // Everything again: what the database no longer has goes, unless an event brought it after the read began.
      const held = this.consents;
      this.consents = new Map();
      for (const row of rows) this.apply(row);
      for (const consent of held.values()) if (consent.changedAt >= started) this.apply(consent);
    }
    const notices = new Map<string, IndexedNotice>();
    for (const terms of current) {
      const held = this.notices.get(terms.slug);
      // An event may have brought a newer version than the database had when it was read.
      notices.set(
        terms.slug,
        held && held.version > terms.version
          ? held
          : { version: terms.version, purposes: new Map(terms.consentPurposes.map((p) => [p.id, textDigest(p)])) },
      );
    }
    this.notices = notices;
    this.lastSync = started;
    indexed().set(this.consents.size);
    syncAge().set(0);
  }

  private async listen(): Promise<void> {
    this.listener = this.broadcasts.listener('consent-index', 'ConsentIndex.listen');
    await this.listener.run([Topics.ConsentChangedV1, Topics.NoticePublishedV1, Topics.NoticeWithdrawnV1], (message) =>
      this.onMessage(message),
    );
  }

  private async onMessage(message: BroadcastMessage): Promise<void> {
    const { topic, event } = message;
    if (topic === Topics.NoticePublishedV1 || topic === Topics.NoticeWithdrawnV1) {
      // NoticesConsumer (the service's group) stores these and dead-letters a bad one; here a bad one is skipped.
      this.onNoticeEvent(topic, event);
      return;
    }
    const violations = validateEvent(ConsentChangedV1Event, event);
    if (violations.length > 0) return this.listener!.deadLetter(message, violations);
    const data = (event as { data: ConsentChangedV1 }).data;
    this.apply({
      consentId: data.consentId,
      subjectKey: data.subjectKey,
      notice: data.notice.slug,
      purpose: data.purpose.id,
      state: data.state,
      sequence: data.sequence,
      noticeVersion: data.notice.version,
      textDigest: data.textDigest,
      changedAt: new Date(data.changedAt),
    });
  }

  private onNoticeEvent(topic: string, event: unknown): void {
    if (topic === Topics.NoticePublishedV1) {
      if (validateEvent(NoticePublishedV1Event, event).length > 0) return;
      try {
        this.applyNotice(noticeTermsOf((event as { data: NoticePublishedV1 }).data));
      } catch {
        // Content the terms cannot be read from: NoticesConsumer dead-letters it.
      }
    } else if (validateEvent(NoticeWithdrawnV1Event, event).length === 0) {
      const data = (event as { data: NoticeWithdrawnV1 }).data;
      this.applyNoticeWithdrawn(data.slug, data.lastVersion);
    }
  }
}
