import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ConversationArchivedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock, IdGenerator } from '@insyn/platform';
import type { MessagesEnv } from '../config/messages-env.js';
import { ClosedConversations } from '../conversations/domain/closed-conversations.js';
import { Units } from '../conversations/domain/units.js';
import { ConversationsCommands } from '../conversations/conversations.commands.js';
import { ConversationsQuery } from '../conversations/conversations.query.js';
import { ConversationKeys } from '../conversations/persistence/conversation-keys.js';
import type { ConversationRecord } from '../conversations/persistence/conversation.schema.js';
import { archivedConversations, archiveFailures, failingConversations } from './archiving.metrics.js';
import { ArchiveDeliveryError, ArchivePort, RetryableArchiveError } from './package/archive-port.js';
import { buildSubmissionPackage } from './package/sip-builder.js';
import type { SubmissionPackageInput } from './package/sip-types.js';

/** While one instance builds and delivers a package, the others leave that conversation alone this long. */
const LEASE_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** The boot check of the destination (a hung network mount must not hold the boot). */
const PREPARE_TIMEOUT_MS = 10_000;
/** The failing-conversations gauge is recounted after a pass that archived or failed something, else at most this often. */
const RECOUNT_MS = 60_000;

/** The outcome of this instance's last delivery attempt (/health reports it). */
export interface LastDelivery {
  ok: boolean;
  at: Date;
  reason?: string;
}

/**
 * Archives closed conversations to the business system: builds the submission package from the
 * decrypted conversation, delivers it through the archive port, and records the receipt with
 * `messages.conversation.archived.v1` in one write. Only then may gallring delete the conversation
 * (retention rules "archived first"). Retries with backoff; several instances share the work through a
 * lease on each conversation. A failed attempt marks the conversation `failing` with the reason (a code,
 * no content) until an attempt succeeds; the destination is prepared (the folder created) and checked at
 * boot, and the failures are counted in metrics (ADR 0006).
 */
@Injectable()
export class Archiver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Archiver.name);
  private timer?: NodeJS.Timeout;
  private subscription?: { unsubscribe(): void };
  private running?: Promise<void>;
  private stopped = false;
  private again = false;
  private lastCount?: number;
  /** This instance's last delivery attempt, for /health. */
  lastDelivery?: LastDelivery;

  constructor(
    private readonly conversations: ConversationsQuery,
    private readonly updates: ConversationsCommands,
    private readonly keys: ConversationKeys,
    private readonly units: Units,
    private readonly closedSignal: ClosedConversations,
    private readonly port: ArchivePort,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<MessagesEnv, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checkDestination();
    const interval = this.config.get('ARCHIVE_INTERVAL_MS', { infer: true });
    this.timer = setInterval(() => this.kick(), interval);
    this.timer.unref();
    this.subscription = this.closedSignal.closed$.subscribe(() => this.kick());
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await this.running;
  }

  /** Runs a pass unless one is running (called on a timer and after a conversation is closed). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then((touched) => this.recount(touched))
      .catch((err: Error) => this.logger.error(`archive pass failed: ${err.message}`))
      .finally(() => {
        this.running = undefined;
        // A conversation closed during the pass may have been missed by it: run once more.
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Archives every conversation that is due; returns how many it tried (archived or failed). */
  async pass(): Promise<number> {
    let tried = 0;
    for (;;) {
      if (this.stopped) return tried;
      const conversation = await this.claim();
      if (!conversation) return tried;
      await this.archive(conversation);
      tried++;
    }
  }

  /**
   * Creates and checks the destination at boot, so that one that cannot be used is said once, here and in
   * /health, rather than only in each conversation's retries. The app starts either way: conversations
   * are kept, marked failing, and archived once the destination works (ADR 0006).
   */
  private async checkDestination(): Promise<void> {
    try {
      await Promise.race([
        this.port.prepare(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), PREPARE_TIMEOUT_MS).unref()),
      ]);
      this.logger.log(`archiving to the ${this.port.kind} ${this.port.destination}`);
    } catch (err) {
      const reason = err instanceof ArchiveDeliveryError ? err.reason : 'timeout';
      this.logger.error(
        `the archive ${this.port.kind} ${this.port.destination} cannot be used (${reason}): closed conversations are kept ` +
          `and marked failing until it can; /health reports archive degraded. ${(err as Error).message.slice(0, 300)}`,
      );
    }
  }

  /** Keeps the failing-conversations gauge current: after a pass that did something, else once in a while. */
  private async recount(touched: number): Promise<void> {
    const now = this.clock.now().getTime();
    if (touched === 0 && this.lastCount !== undefined && now - this.lastCount < RECOUNT_MS) return;
    this.lastCount = now;
    failingConversations().set(await this.conversations.countArchiveFailing());
  }

  private async claim(): Promise<ConversationRecord | null> {
    const now = this.clock.now();
    return this.updates.claimForArchive(now, new Date(now.getTime() + LEASE_MS));
  }

  private async archive(c: ConversationRecord): Promise<void> {
    const profile = this.config.get('ARCHIVE_PROFILE', { infer: true });
    try {
      const pkg = buildSubmissionPackage(await this.input(c), { profile });
      const receipt = await this.port.deliver({ objid: pkg.objid, zip: pkg.zip, sha256: pkg.sha256 });
      const now = this.clock.now();
      const event = this.events.outboxEntry(
        ConversationArchivedV1Event,
        {
          conversationId: c._id,
          unit: c.unit,
          archivedAt: receipt.receivedAt.toISOString(),
          packageId: pkg.objid,
          profile,
          packageSha256: receipt.sha256,
          receiptId: receipt.receiptId,
        },
        { subjectKey: c.subjectKey },
      );
      // The whole archive state is replaced: the failure, if there was one, goes.
      const outbox = await this.updates.markArchived(
        c._id,
        {
          status: 'archived',
          attempts: c.archive?.attempts ?? 1,
          packageId: pkg.objid,
          packageSha256: receipt.sha256,
          receiptId: receipt.receiptId,
          archivedAt: now,
        },
        now,
        event,
      );
      // Archived meanwhile (null): this write changed nothing, and the relay reads the document instead.
      await this.relay.enqueued('conversations', c._id, outbox ?? undefined);
      archivedConversations().inc();
      this.lastDelivery = { ok: true, at: now };
    } catch (err) {
      await this.failed(c, err as Error);
    }
  }

  /** Marks the conversation failing with the reason and the time of the next attempt (the backoff is unchanged). */
  private async failed(c: ConversationRecord, err: Error): Promise<void> {
    const attempts = c.archive?.attempts ?? 1;
    const retryAfter =
      err instanceof RetryableArchiveError && err.retryAfterMs
        ? err.retryAfterMs
        : Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.min(attempts, 10));
    // Errors from building the package (a missing attachment, a destroyed key) are ours, not the destination's.
    const reason = err instanceof ArchiveDeliveryError ? err.reason : 'package-build';
    const retryable = err instanceof ArchiveDeliveryError ? err.retryable : true;
    const message = err.message.slice(0, 300);
    const now = this.clock.now();
    const nextAttemptAt = new Date(now.getTime() + retryAfter);
    this.logger.warn(
      `archiving conversation ${c._id} failed (${reason}, attempt ${attempts}, next at ${nextAttemptAt.toISOString()}): ${message}`,
    );
    archiveFailures().inc({ reason });
    this.lastDelivery = { ok: false, at: now, reason };
    const since = c.archive?.status === 'failing' && c.archive.failure ? c.archive.failure.since : now;
    await this.updates.markArchiveFailing(c._id, {
      nextAttemptAt,
      failure: { reason, retryable, since, lastAttemptAt: now },
      lastError: message,
      // The list shows the status: it changes with the first failure, not with each retry.
      ...(c.archive?.status === 'failing' ? {} : { changedAt: now }),
    });
  }

  private async input(c: ConversationRecord): Promise<SubmissionPackageInput> {
    const key = await this.keys.get(c._id);
    const messages = await this.conversations.messagesOf(c._id);
    const unit = this.units.get(c.unit) ?? { id: c.unit, name: c.unit };
    const attachments = [];
    for (const m of messages)
      for (const a of m.attachments) {
        const stored = await this.conversations.attachment(c._id, a.id);
        if (!stored) throw new Error(`attachment ${a.id} of conversation ${c._id} is missing`);
        attachments.push({
          id: a.id,
          messageId: m._id,
          fileName: this.keys.open(key, a.sealedFileName, c._id, `attachment/${a.id}/name`),
          mimeType: a.mimeType,
          content: this.keys.openBytes(key, stored.sealedContent, c._id, `attachment/${a.id}`),
        });
      }
    const officials = messages.filter((m) => m.author.kind === 'official');
    return {
      objid: this.ids.next(),
      createdAt: this.clock.now(),
      archivalCreator: {
        name: this.config.get('ARCHIVAL_CREATOR_NAME', { infer: true }),
        orgNumber: this.config.get('ARCHIVAL_CREATOR_ORG_NUMBER', { infer: true }),
      },
      submitter: { name: unit.name },
      software: { name: 'Insyn', version: '0.1.0' },
      conversation: {
        conversationId: c._id,
        unit,
        subject: c.subject,
        openedAt: c.openedAt,
        closedAt: c.closedAt ?? this.clock.now(),
        participants: [
          { role: 'citizen', subjectKey: c.subjectKey, personnummer: this.keys.open(key, c.sealedPersonnummer, c._id, 'personnummer') },
          ...officials.map(() => ({ role: 'official' as const })),
          { role: 'system' },
        ],
      },
      messages: messages.map((m) => ({
        id: m._id,
        sentAt: m.sentAt,
        author: {
          kind: m.author.kind === 'client' ? ('system' as const) : m.author.kind === 'system' ? 'system' : m.author.kind,
          ...(m.author.name ? { displayName: this.keys.open(key, m.author.name, c._id, `message/${m._id}/author`) } : {}),
        },
        body: this.keys.open(key, m.sealedBody, c._id, `message/${m._id}`),
      })),
      attachments,
    };
  }
}
