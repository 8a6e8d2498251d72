import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { ConversationArchivedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock, IdGenerator } from '@insyn/platform';
import type { Model } from 'mongoose';
import type { MessagesEnv } from '../config/messages-env.js';
import { ClosedConversations } from '../conversations/domain/closed-conversations.js';
import { Units } from '../conversations/domain/units.js';
import { ConversationKeys } from '../conversations/persistence/conversation-keys.js';
import { ConversationRepository } from '../conversations/persistence/conversation.repository.js';
import { CONVERSATION_MODEL, type ConversationRecord } from '../conversations/persistence/conversation.schema.js';
import { ArchivePort, RetryableArchiveError } from './package/archive-port.js';
import { buildSubmissionPackage } from './package/sip-builder.js';
import type { SubmissionPackageInput } from './package/sip-types.js';

/** While one instance builds and delivers a package, the others leave that conversation alone this long. */
const LEASE_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Archives closed conversations to the business system: builds the submission package from the
 * decrypted conversation, delivers it through the archive port, and records the receipt with
 * `messages.conversation.archived.v1` in one write. Only then may gallring delete the conversation
 * (retention rules "archived first"). Retries with backoff; several instances share the work through a
 * lease on each conversation.
 */
@Injectable()
export class Archiver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Archiver.name);
  private timer?: NodeJS.Timeout;
  private subscription?: { unsubscribe(): void };
  private running?: Promise<void>;
  private stopped = false;
  private again = false;

  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationRecord>,
    private readonly repo: ConversationRepository,
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

  onApplicationBootstrap(): void {
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
      .then(() => undefined)
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

  /** Archives every conversation that is due; returns how many were archived. */
  async pass(): Promise<number> {
    let archived = 0;
    for (;;) {
      if (this.stopped) return archived;
      const conversation = await this.claim();
      if (!conversation) return archived;
      if (await this.archive(conversation)) archived++;
    }
  }

  private async claim(): Promise<ConversationRecord | null> {
    const now = this.clock.now();
    return this.conversations
      .findOneAndUpdate(
        { 'archive.status': 'pending', 'archive.nextAttemptAt': { $lte: now } },
        { $set: { 'archive.nextAttemptAt': new Date(now.getTime() + LEASE_MS) }, $inc: { 'archive.attempts': 1 } },
        { returnDocument: 'after' },
      )
      .lean<ConversationRecord>()
      .exec();
  }

  private async archive(c: ConversationRecord): Promise<boolean> {
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
      await this.conversations
        .updateOne(
          { _id: c._id, 'archive.status': 'pending' },
          {
            $set: {
              archive: {
                status: 'archived',
                attempts: c.archive?.attempts ?? 1,
                packageId: pkg.objid,
                packageSha256: receipt.sha256,
                receiptId: receipt.receiptId,
                archivedAt: now,
              },
            },
            $push: { outbox: event },
          },
        )
        .exec();
      await this.relay.enqueued('conversations', c._id);
      return true;
    } catch (err) {
      const attempts = c.archive?.attempts ?? 1;
      const retryAfter =
        err instanceof RetryableArchiveError && err.retryAfterMs
          ? err.retryAfterMs
          : Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.min(attempts, 10));
      const message = (err as Error).message.slice(0, 300);
      this.logger.warn(
        `archiving conversation ${c._id} failed (attempt ${attempts}, next in ${Math.round(retryAfter / 1000)} s): ${message}`,
      );
      await this.conversations
        .updateOne(
          { _id: c._id, 'archive.status': 'pending' },
          { $set: { 'archive.nextAttemptAt': new Date(this.clock.now().getTime() + retryAfter), 'archive.lastError': message } },
        )
        .exec();
      return false;
    }
  }

  private async input(c: ConversationRecord): Promise<SubmissionPackageInput> {
    const key = await this.keys.get(c._id);
    const messages = await this.repo.messagesOf(c._id);
    const unit = this.units.get(c.unit) ?? { id: c.unit, name: c.unit };
    const attachments = [];
    for (const m of messages)
      for (const a of m.attachments) {
        const stored = await this.repo.attachment(c._id, a.id);
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
