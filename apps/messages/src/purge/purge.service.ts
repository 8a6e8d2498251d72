import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { deletedIdsSha256, type PurgeCompletedV1, PurgeCompletedV1Event, type PurgeRequestedV1, purgeCompletion } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock, isDuplicateKeyError } from '@insyn/platform';
import type { Model } from 'mongoose';
import { ConversationKeys } from '../conversations/persistence/conversation-keys.js';
import {
  ATTACHMENT_MODEL,
  type AttachmentRecord,
  CONVERSATION_MODEL,
  type ConversationRecord,
  MESSAGE_MODEL,
  type MessageRecord,
} from '../conversations/persistence/conversation.schema.js';
import { selectionFilter } from './purge-selection.js';
import { PURGE_MODEL, type PurgeRecord } from './purge.schema.js';

/** Deletions go in batches of this many conversations (one deleteMany per collection each). */
const BATCH = 1_000;
/** Purge records (ids and counts, no personal data) are kept this long for the protocol's sake. */
const KEEP_MS = 400 * 86_400_000;

/** SHA-256 over the sorted ids, one per line: what the gallringsprotokoll chains, without the ids' content. */

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
    @InjectModel(PURGE_MODEL) private readonly purges: Model<PurgeRecord>,
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageRecord>,
    @InjectModel(ATTACHMENT_MODEL) private readonly attachments: Model<AttachmentRecord>,
    private readonly keys: ConversationKeys,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async handle(request: PurgeRequestedV1): Promise<PurgeCompletedV1> {
    let record = await this.purges.findById(request.requestId, { outbox: 0 }).lean<PurgeRecord>().exec();
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
    const { _id, outbox: _outbox, ...fields } = record;
    await this.purges.collection.updateOne({ _id } as never, { $setOnInsert: fields, $push: { outbox: entry } } as never, { upsert: true });
    await this.relay.enqueued('purges', request.requestId);
    this.logger.warn(`purge ${request.requestId} (run ${request.runId}, chunk ${request.chunk}) refused: ${reason}`);
    return answer;
  }

  /**
   * Chooses this chunk's items and stores them before anything is deleted: at most `limit` ids (read
   * with a cursor, so memory stays flat), plus the held and blocked counts, counted by the database.
   */
  private async select(request: PurgeRequestedV1): Promise<PurgeRecord> {
    const { selection, exclusions, limit } = request;
    const base = selectionFilter(selection);
    const heldClauses = [
      ...(exclusions.subjectKeys.length ? [{ subjectKey: { $in: exclusions.subjectKeys } }] : []),
      ...(exclusions.itemIds.length ? [{ _id: { $in: exclusions.itemIds } }] : []),
    ];
    const notHeld = {
      ...(exclusions.subjectKeys.length ? { subjectKey: { $nin: exclusions.subjectKeys } } : {}),
      ...(exclusions.itemIds.length ? { _id: { $nin: exclusions.itemIds } } : {}),
    };
    const conversations = this.conversations.collection;
    const skippedHeld = heldClauses.length ? await conversations.countDocuments({ ...base, $or: heldClauses } as never) : 0;
    const blockedUnarchived = selection.requireArchived
      ? await conversations.countDocuments({ ...base, ...notHeld, 'archive.status': { $ne: 'archived' } } as never)
      : 0;
    const ids: string[] = [];
    let remaining = false;
    const cursor = conversations
      .find({ ...base, ...notHeld, ...(selection.requireArchived ? { 'archive.status': 'archived' } : {}) } as never, {
        projection: { _id: 1 },
      })
      .limit(limit + 1);
    for await (const c of cursor as AsyncIterable<{ _id: string }>) {
      if (ids.length < limit) ids.push(c._id);
      else remaining = true;
    }
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
    try {
      await this.purges.collection.insertOne(record as never);
      return record;
    } catch (err) {
      // Another delivery of the same request got there first: continue from its record.
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.purges.findById(request.requestId, { outbox: 0 }).lean<PurgeRecord>().exec())!;
    }
  }

  private async delete(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      await this.keys.destroy(batch);
      await this.attachments.deleteMany({ conversationId: { $in: batch } }).exec();
      await this.messages.deleteMany({ conversationId: { $in: batch } }).exec();
      await this.conversations.deleteMany({ _id: { $in: batch }, status: 'closed' }).exec();
    }
  }

  private async complete(record: PurgeRecord): Promise<PurgeRecord> {
    const done: PurgeRecord = { ...record, status: 'done', deletedIdsSha256: deletedIdsSha256(record.ids), completedAt: this.clock.now() };
    const entry = this.events.outboxEntry(PurgeCompletedV1Event, this.completion(done));
    await this.purges
      .updateOne(
        { _id: record._id, status: 'deleting' },
        {
          $set: { status: 'done', deletedIdsSha256: done.deletedIdsSha256, completedAt: done.completedAt },
          $push: { outbox: entry },
        },
      )
      .exec();
    await this.relay.enqueued('purges', record._id);
    this.logger.log(
      `purge ${record._id} (run ${record.runId}, chunk ${record.chunk}): ${record.ids.length} deleted, ${record.skippedHeld} held, ${record.blockedUnarchived} not archived`,
    );
    return done;
  }

  private async answer(record: PurgeRecord): Promise<void> {
    const entry = this.events.outboxEntry(PurgeCompletedV1Event, this.completion(record));
    await this.purges.updateOne({ _id: record._id }, { $push: { outbox: entry } }).exec();
    await this.relay.enqueued('purges', record._id);
  }

  private completion(r: PurgeRecord): PurgeCompletedV1 {
    return purgeCompletion('messages', { ...r, requestId: r._id }, this.clock.now());
  }
}
