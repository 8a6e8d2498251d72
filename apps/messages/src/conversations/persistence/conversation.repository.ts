import { prefixPattern } from '@insyn/person';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { PurgeExclusions, PurgeSelection } from '@insyn/contracts';
import { type OutboxEntry, type OutboxOnly, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import type { Collection, Model } from 'mongoose';
import { collectionOf } from '@insyn/platform';
import {
  ACCESS_EVENT_MODEL,
  type AccessEventRecord,
  ATTACHMENT_MODEL,
  type AttachmentRecord,
  type ArchiveState,
  CONVERSATION_MODEL,
  type ActorRecord,
  type ConversationRecord,
  MESSAGE_MODEL,
  type MessageRecord,
} from './conversation.schema.js';
import { isDuplicateKeyError } from '@insyn/platform';
import { type ListFilters, type ListPosition, orderOf } from '../domain/list-order.js';
import { selectionFilter } from '../domain/purge-selection.js';

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/** A conversation as a data-subject request's answer needs it: no outbox, no sealed personnummer. */
export type HeldConversation = Omit<ConversationRecord, 'outbox' | 'sealedPersonnummer'>;

const HELD_PROJECTION = { outbox: 0, sealedPersonnummer: 0 } as const;

/** Statuses the archiver still works on. */
const UNARCHIVED: ArchiveState['status'][] = ['pending', 'failing'];

/** What a failed archive attempt records (the backoff and the reason are the archiver's to decide). */
export interface ArchiveFailureUpdate {
  nextAttemptAt: Date;
  failure: NonNullable<ArchiveState['failure']>;
  lastError: string;
  /** Set when the status changes (the first failure of a run of failures): what the list selects `since` on. */
  changedAt?: Date;
}

/** A lean read gives binary fields as BSON Binary; the rest of the code wants a Buffer. */
function bytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const inner = (value as { buffer?: Uint8Array }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new TypeError('not binary data');
}

/**
 * The only reader and writer of the conversation collections (conversations, messages, attachments,
 * access events); other features reach them through ConversationsQuery and ConversationsCommands. Each
 * method is one query or one atomic single-document write (docs/style.md 12).
 *
 * Inserts and the purge's cursor go to the driver's collection (typed by the record, collectionOf): an
 * insert must fail on a duplicate `_id` and store the record as given, without mongoose building,
 * casting and defaulting a document; the purge reads ids only, through a cursor, without mongoose's
 * per-document hydration. Everything else uses the models.
 */
@Injectable()
export class ConversationRepository {
  private readonly conversationRecords: Collection<ConversationRecord>;
  private readonly messageRecords: Collection<MessageRecord>;
  private readonly attachmentRecords: Collection<AttachmentRecord>;
  private readonly accessEventRecords: Collection<AccessEventRecord>;

  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageRecord>,
    @InjectModel(ATTACHMENT_MODEL) private readonly attachments: Model<AttachmentRecord>,
    @InjectModel(ACCESS_EVENT_MODEL) accessEvents: Model<AccessEventRecord>,
  ) {
    this.conversationRecords = collectionOf(conversations);
    this.messageRecords = collectionOf(messages);
    this.attachmentRecords = collectionOf(attachments);
    this.accessEventRecords = collectionOf(accessEvents);
  }

  async find(id: string): Promise<ConversationRecord | null> {
    return this.conversations.findById(id, WITHOUT_OUTBOX).lean<ConversationRecord>().exec();
  }

  /**
   * One page of a list, scoped to a citizen (her `subjectKeys`: during a rotation of SUBJECT_KEY_SECRET, one
   * per secret, ADR 0025) or a unit (`unit`), one of which is required; in the order the filters give
   * (domain/list-order.ts), after `after` when given.
   */
  async page(
    scope: { subjectKeys: string[] } | { unit: string },
    filters: ListFilters,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<ConversationRecord[]> {
    const recent = orderOf(filters) === 'recent';
    const field = recent ? 'lastMessageAt' : 'changedAt';
    const beyond = recent ? '$lt' : '$gt';
    if ('subjectKeys' in scope && scope.subjectKeys.length === 0) throw new Error('a citizen’s list needs her subject keys');
    const query: Record<string, unknown> = {
      ...('subjectKeys' in scope ? { subjectKey: { $in: scope.subjectKeys } } : { unit: scope.unit }),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.caseReference ? { caseReference: filters.caseReference } : {}),
      ...(filters.since ? { changedAt: { $gt: filters.since } } : {}),
    };
    if (after) query.$or = [{ [field]: { [beyond]: after.at } }, { [field]: after.at, _id: { [beyond]: after.id } }];
    const direction = recent ? -1 : 1;
    return this.conversations
      .find(query, WITHOUT_OUTBOX)
      .sort({ [field]: direction, _id: direction })
      .limit(limit)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** The message and its attachments first, the conversation last: it is the commit point. */
  async insertConversation(conversation: ConversationRecord, message: MessageRecord, attachments: AttachmentRecord[]): Promise<void> {
    if (attachments.length) await this.attachmentRecords.insertMany(attachments);
    await this.messageRecords.insertOne(message);
    await this.conversationRecords.insertOne(conversation);
  }

  /**
   * Adds a reply if the conversation is still open and `seq` is the next number; null otherwise (closed
   * meanwhile, or another reply took the number), and then nothing of the reply remains. The events it
   * causes (a citizen's reply: messages.message.received.v1) go onto the outbox in the committing write.
   * Returns the conversation's whole outbox as that write left it (for OutboxRelay.enqueued), or null.
   */
  async appendMessage(
    conversationId: string,
    message: MessageRecord,
    attachments: AttachmentRecord[],
    events: OutboxEntry[] = [],
  ): Promise<WrittenOutbox | null> {
    if (attachments.length) await this.attachmentRecords.insertMany(attachments);
    try {
      await this.messageRecords.insertOne(message);
    } catch (err) {
      await this.removeMessage(message, attachments);
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
    const written = await this.conversations
      .findOneAndUpdate(
        { _id: conversationId, status: 'open', messageCount: message.seq - 1 },
        {
          $set: { lastMessageAt: message.sentAt, changedAt: message.sentAt },
          $inc: { messageCount: 1 },
          ...(events.length ? { $push: { outbox: { $each: events } } } : {}),
        },
        RETURN_OUTBOX,
      )
      .lean<OutboxOnly>()
      .exec();
    if (written) return writtenOutbox(written);
    await this.removeMessage(message, attachments);
    return null;
  }

  private async removeMessage(message: MessageRecord, attachments: AttachmentRecord[]): Promise<void> {
    await this.messages.deleteOne({ _id: message._id }).exec();
    if (attachments.length) await this.attachments.deleteMany({ _id: { $in: attachments.map((a) => a._id) } }).exec();
  }

  /**
   * Closes the conversation, with its event, if it is open; returns its whole outbox as that write left
   * it, or null when it was not open (closed meanwhile, or gone), and then nothing changed.
   */
  async close(conversationId: string, at: Date, by: ActorRecord, event: OutboxEntry): Promise<WrittenOutbox | null> {
    const written = await this.conversations
      .findOneAndUpdate(
        { _id: conversationId, status: 'open' },
        {
          $set: {
            status: 'closed',
            closedAt: at,
            changedAt: at,
            closedBy: by,
            archive: { status: 'pending', attempts: 0, nextAttemptAt: at },
          },
          $push: { outbox: event },
        },
        RETURN_OUTBOX,
      )
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(written);
  }

  /**
   * Records the confirmation that a closed conversation is inaktuell, with its event, if it is closed and
   * not yet confirmed; returns its whole outbox as that write left it, or null otherwise (open, confirmed
   * meanwhile, or gone), and then nothing changed.
   */
  async confirmInaktuell(conversationId: string, at: Date, by: ActorRecord, event: OutboxEntry): Promise<WrittenOutbox | null> {
    const written = await this.conversations
      .findOneAndUpdate(
        { _id: conversationId, status: 'closed', inaktuellAt: { $exists: false } },
        { $set: { inaktuellAt: at, inaktuellBy: by, changedAt: at }, $push: { outbox: event } },
        RETURN_OUTBOX,
      )
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(written);
  }

  async messagesOf(conversationId: string): Promise<MessageRecord[]> {
    return this.messages.find({ conversationId }).sort({ seq: 1 }).lean<MessageRecord[]>().exec();
  }

  /**
   * The citizen has read the conversation: each message to her (not her own) not yet read is read now. The
   * first read only: one already read keeps its time.
   */
  async markRead(conversationId: string, at: Date): Promise<void> {
    await this.messages
      .updateMany({ conversationId, 'author.kind': { $ne: 'citizen' }, readAt: { $exists: false } }, { $set: { readAt: at } })
      .exec();
  }

  async attachment(conversationId: string, attachmentId: string): Promise<AttachmentRecord | null> {
    const record = await this.attachments.findOne({ _id: attachmentId, conversationId }).lean<AttachmentRecord>().exec();
    return record && { ...record, sealedContent: bytes(record.sealedContent) };
  }

  /**
   * Logged reads: their audit.accessed.v1 events, stored before the content is returned, one access event
   * each. Returns each inserted access event's outbox, in the order of `entries`.
   */
  async recordAccess(entries: { id: string; event: OutboxEntry }[], at: Date): Promise<WrittenOutbox[]> {
    if (entries.length === 0) return [];
    const records = entries.map((e) => ({
      _id: e.id,
      createdAt: at,
      expiresAt: new Date(at.getTime() + 7 * 86_400_000),
      outbox: [e.event],
    }));
    await this.accessEventRecords.insertMany(records);
    return records.map((r) => r.outbox);
  }

  /** The distinct subject keys with one of `prefixes` (previous generations of SUBJECT_KEY_SECRET, ADR 0025). */
  async staleSubjectKeys(prefixes: string[]): Promise<string[]> {
    return this.conversations.distinct('subjectKey', { subjectKey: { $regex: prefixPattern(prefixes) } }).exec();
  }

  /** Re-keys a citizen's conversations from her previous subject key to her current one; idempotent. */
  async rekeySubject(stale: string, current: string): Promise<number> {
    const res = await this.conversations.updateMany({ subjectKey: stale }, { $set: { subjectKey: current } }).exec();
    return res.modifiedCount;
  }

  /** The subject's conversations (under any of her keys, ADR 0025), newest first, at most `limit`. */
  async ofPerson(subjectKeys: readonly string[], limit: number): Promise<HeldConversation[]> {
    if (subjectKeys.length === 0 || subjectKeys.some((k) => !k)) throw new Error('conversationsOf needs a subject key');
    return this.conversations
      .find({ subjectKey: { $in: subjectKeys } }, HELD_PROJECTION)
      .sort({ openedAt: -1, _id: 1 })
      .limit(limit)
      .lean<HeldConversation[]>()
      .exec();
  }

  /** Gallring: how many conversations of the selection the exclusions hold (0 without exclusions). */
  async countHeld(selection: PurgeSelection, exclusions: PurgeExclusions): Promise<number> {
    const held = [
      ...(exclusions.subjectKeys.length ? [{ subjectKey: { $in: exclusions.subjectKeys } }] : []),
      ...(exclusions.itemIds.length ? [{ _id: { $in: exclusions.itemIds } }] : []),
    ];
    if (held.length === 0) return 0;
    return this.conversationRecords.countDocuments({ ...selectionFilter(selection), $or: held });
  }

  /** Gallring: how many conversations of the selection, not held, are not archived yet. */
  async countUnarchived(selection: PurgeSelection, exclusions: PurgeExclusions): Promise<number> {
    return this.conversationRecords.countDocuments({
      ...selectionFilter(selection),
      ...notHeld(exclusions),
      'archive.status': { $ne: 'archived' },
    });
  }

  /**
   * Gallring: the ids of at most `limit` conversations of the selection that may be deleted (not held,
   * and archived when the selection requires it), read with a cursor so memory stays flat; `remaining`
   * when there are more.
   */
  async purgeableIds(
    selection: PurgeSelection,
    exclusions: PurgeExclusions,
    limit: number,
  ): Promise<{ ids: string[]; remaining: boolean }> {
    const filter = {
      ...selectionFilter(selection),
      ...notHeld(exclusions),
      ...(selection.requireArchived ? { 'archive.status': 'archived' } : {}),
    };
    const ids: string[] = [];
    let remaining = false;
    const cursor = this.conversationRecords.find(filter, { projection: { _id: 1 } }).limit(limit + 1);
    for await (const c of cursor) {
      if (ids.length < limit) ids.push(c._id);
      else remaining = true;
    }
    return { ids, remaining };
  }

  /** Gallring: the attachments of these conversations. */
  async deleteAttachmentsOf(conversationIds: string[]): Promise<void> {
    await this.attachments.deleteMany({ conversationId: { $in: conversationIds } }).exec();
  }

  /** Gallring: the messages of these conversations. */
  async deleteMessagesOf(conversationIds: string[]): Promise<void> {
    await this.messages.deleteMany({ conversationId: { $in: conversationIds } }).exec();
  }

  /** Gallring: these conversations, the closed ones only (one reopened or never closed stays). */
  async deleteClosed(conversationIds: string[]): Promise<void> {
    await this.conversations.deleteMany({ _id: { $in: conversationIds }, status: 'closed' }).exec();
  }

  /** How many conversations are marked failing to archive (the archiver's gauge). */
  async countArchiveFailing(): Promise<number> {
    return this.conversations.countDocuments({ 'archive.status': 'failing' }).exec();
  }

  /**
   * Claims one conversation due for archiving: its next attempt moved to `leaseUntil` (other instances
   * leave it alone meanwhile) and its attempts counted; null when none is due.
   */
  async claimForArchive(now: Date, leaseUntil: Date): Promise<ConversationRecord | null> {
    return this.conversations
      .findOneAndUpdate(
        { 'archive.status': { $in: UNARCHIVED }, 'archive.nextAttemptAt': { $lte: now } },
        { $set: { 'archive.nextAttemptAt': leaseUntil }, $inc: { 'archive.attempts': 1 } },
        { returnDocument: 'after' },
      )
      .lean<ConversationRecord>()
      .exec();
  }

  /**
   * Records the receipt with its event, replacing the whole archive state (a failure goes), if not archived
   * meanwhile; returns the conversation's whole outbox as that write left it, or null when it was archived
   * meanwhile (or gone), and then nothing changed.
   */
  async markArchived(conversationId: string, archive: ArchiveState, at: Date, event: OutboxEntry): Promise<WrittenOutbox | null> {
    const written = await this.conversations
      .findOneAndUpdate(
        { _id: conversationId, 'archive.status': { $in: UNARCHIVED } },
        { $set: { archive, changedAt: at }, $push: { outbox: event } },
        RETURN_OUTBOX,
      )
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(written);
  }

  /** Marks the conversation failing with the reason and the time of its next attempt, if not archived meanwhile. */
  async markArchiveFailing(conversationId: string, update: ArchiveFailureUpdate): Promise<void> {
    await this.conversations
      .updateOne(
        { _id: conversationId, 'archive.status': { $in: UNARCHIVED } },
        {
          $set: {
            'archive.status': 'failing',
            'archive.nextAttemptAt': update.nextAttemptAt,
            'archive.failure': update.failure,
            'archive.lastError': update.lastError,
            ...(update.changedAt ? { changedAt: update.changedAt } : {}),
          },
        },
      )
      .exec();
  }
}

/** The exclusions as a filter: neither a held person's conversations nor a held conversation. */
function notHeld(exclusions: PurgeExclusions): Record<string, unknown> {
  return {
    ...(exclusions.subjectKeys.length ? { subjectKey: { $nin: exclusions.subjectKeys } } : {}),
    ...(exclusions.itemIds.length ? { _id: { $nin: exclusions.itemIds } } : {}),
  };
}
