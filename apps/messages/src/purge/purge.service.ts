import { Injectable, Logger } from '@nestjs/common';
import { deletedIdsSha256, type PurgeCompletedV1, PurgeCompletedV1Event, type PurgeRequestedV1, purgeCompletion } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { ConversationsCommands } from '../conversations/conversations.commands.js';
import { ConversationsQuery } from '../conversations/conversations.query.js';
import type { PurgeRecord } from './persistence/purge.schema.js';
import { PurgeRepository } from './persistence/purge.repository.js';

/** Deletions go in batches of this many conversations (one deleteMany per collection each). */
const BATCH = 1_000;
/** Purge records (ids and counts, no personal data) are kept this long for the protocol's sake. */
const KEEP_MS = 400 * 86_400_000;

/**
 * Gallring in the messages service: selects closed conversations by unit, type and closing date (or, for
 * the trigger `inaktualitet`, the date the unit confirmed them no longer needed), leaves out the held and
 * (where the rule says so) the unarchived, and deletes the rest in batches — data keys first (crypto-shredding: from then on nothing of them can be read, backups included), then attachments,
 * messages and the conversations. Idempotent by request id, and safe to redeliver after a crash.
 */
@Injectable()
export class PurgeService {
  private readonly logger = new Logger(PurgeService.name);

  constructor(
    private readonly purges: PurgeRepository,
    private readonly conversations: ConversationsQuery,
    private readonly deletions: ConversationsCommands,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async handle(request: PurgeRequestedV1): Promise<PurgeCompletedV1> {
    let record = await this.purges.find(request.requestId);
    if (!record) record = await this.select(request);
    if (record.status === 'deleting') {
      await this.delete(record.ids);
      record = await this.complete(record);
    } else {
      // The same request again: the same answer again (the retention run may have missed the first).
      await this.answer(record);
    }
    return this.completion(record);
  }

  /**
   * Answers without deleting anything: the request names a unit or information type this installation
   * does not hold. The answer carries the reason, so the run asks again rather than count it as done.
   */
  async refuse(request: PurgeRequestedV1, reason: string): Promise<PurgeCompletedV1> {
    const now = this.clock.now();
    const record: PurgeRecord = {
      _id: request.requestId,
      runId: request.runId,
      chunk: request.chunk,
      status: 'done',
      method: request.method,
      ids: [],
      skippedHeld: 0,
      blockedUnarchived: 0,
      remaining: false,
      deletedIdsSha256: deletedIdsSha256([]),
      error: reason,
      createdAt: now,
      completedAt: now,
      expiresAt: new Date(now.getTime() + KEEP_MS),
      outbox: [],
    };
    const answer = this.completion(record);
    const entry = this.events.outboxEntry(PurgeCompletedV1Event, answer);
    const outbox = await this.purges.refused(record, entry);
    await this.relay.enqueued('purges', request.requestId, outbox);
    this.logger.warn(`purge ${request.requestId} (run ${request.runId}, chunk ${request.chunk}) refused: ${reason}`);
    return answer;
  }

  /**
   * Chooses this chunk's items and stores them before anything is deleted: at most `limit` ids (read
   * with a cursor, so memory stays flat), plus the held and blocked counts, counted by the database.
   */
  private async select(request: PurgeRequestedV1): Promise<PurgeRecord> {
    const { ids, remaining, skippedHeld, blockedUnarchived } = await this.conversations.purgeable(
      request.selection,
      request.exclusions,
      request.limit,
    );
    const now = this.clock.now();
    const record: PurgeRecord = {
      _id: request.requestId,
      runId: request.runId,
      chunk: request.chunk,
      status: 'deleting',
      method: request.method,
      ids,
      skippedHeld,
      blockedUnarchived,
      remaining,
      createdAt: now,
      expiresAt: new Date(now.getTime() + KEEP_MS),
      outbox: [],
    };
    if (await this.purges.insert(record)) return record;
    // Another delivery of the same request got there first: continue from its record.
    return (await this.purges.find(request.requestId))!;
  }

  private async delete(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      await this.deletions.deleteClosed(ids.slice(i, i + BATCH));
    }
  }

  private async complete(record: PurgeRecord): Promise<PurgeRecord> {
    const done: PurgeRecord = { ...record, status: 'done', deletedIdsSha256: deletedIdsSha256(record.ids), completedAt: this.clock.now() };
    const entry = this.events.outboxEntry(PurgeCompletedV1Event, this.completion(done));
    const outbox = await this.purges.completed(record._id, done, entry);
    // Completed meanwhile by another delivery (null): this write changed nothing, and the relay reads the record instead.
    await this.relay.enqueued('purges', record._id, outbox ?? undefined);
    this.logger.log(
      `purge ${record._id} (run ${record.runId}, chunk ${record.chunk}): ${record.ids.length} deleted, ${record.skippedHeld} held, ${record.blockedUnarchived} not archived`,
    );
    return done;
  }

  private async answer(record: PurgeRecord): Promise<void> {
    const entry = this.events.outboxEntry(PurgeCompletedV1Event, this.completion(record));
    const outbox = await this.purges.answerAgain(record._id, entry);
    await this.relay.enqueued('purges', record._id, outbox ?? undefined);
  }

  private completion(r: PurgeRecord): PurgeCompletedV1 {
    return purgeCompletion('messages', { ...r, requestId: r._id }, this.clock.now());
  }
}
