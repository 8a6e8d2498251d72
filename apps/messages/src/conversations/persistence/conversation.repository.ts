import { prefixPattern } from '@insyn/person';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@insyn/messaging';
import type { Model } from 'mongoose';
import {
  ACCESS_EVENT_MODEL,
  type AccessEventRecord,
  ATTACHMENT_MODEL,
  type AttachmentRecord,
  CONVERSATION_MODEL,
  type ActorRecord,
  type ConversationRecord,
  MESSAGE_MODEL,
  type MessageRecord,
} from './conversation.schema.js';
import { isDuplicateKeyError } from '@insyn/platform';
import { type ListFilters, type ListPosition, orderOf } from '../domain/list-order.js';

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/** A lean read gives binary fields as BSON Binary; the rest of the code wants a Buffer. */
function bytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const inner = (value as { buffer?: Uint8Array }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new TypeError('not binary data');
}

/** Each method is one query or one atomic single-document write (docs/style.md 12). */
@Injectable()
export class ConversationRepository {
  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageRecord>,
    @InjectModel(ATTACHMENT_MODEL) private readonly attachments: Model<AttachmentRecord>,
    @InjectModel(ACCESS_EVENT_MODEL) private readonly accessEvents: Model<AccessEventRecord>,
  ) {}

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
    if (attachments.length) await this.attachments.collection.insertMany(attachments as never[]);
    await this.messages.collection.insertOne(message as never);
    await this.conversations.collection.insertOne(conversation as never);
  }

  /**
   * Adds a reply if the conversation is still open and `seq` is the next number; false otherwise (closed
   * meanwhile, or another reply took the number), and then nothing of the reply remains. The events it
   * causes (a citizen's reply: messages.message.received.v1) go onto the outbox in the committing write.
   */
  async appendMessage(
    conversationId: string,
    message: MessageRecord,
    attachments: AttachmentRecord[],
    events: OutboxEntry[] = [],
  ): Promise<boolean> {
    if (attachments.length) await this.attachments.collection.insertMany(attachments as never[]);
    try {
      await this.messages.collection.insertOne(message as never);
    } catch (err) {
      await this.removeMessage(message, attachments);
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
    const res = await this.conversations
      .updateOne(
        { _id: conversationId, status: 'open', messageCount: message.seq - 1 },
        {
          $set: { lastMessageAt: message.sentAt, changedAt: message.sentAt },
          $inc: { messageCount: 1 },
          ...(events.length ? { $push: { outbox: { $each: events } } } : {}),
        },
      )
      .exec();
    if (res.matchedCount === 1) return true;
    await this.removeMessage(message, attachments);
    return false;
  }

  private async removeMessage(message: MessageRecord, attachments: AttachmentRecord[]): Promise<void> {
    await this.messages.deleteOne({ _id: message._id }).exec();
    if (attachments.length) await this.attachments.deleteMany({ _id: { $in: attachments.map((a) => a._id) } }).exec();
  }

  async close(conversationId: string, at: Date, by: ActorRecord, event: OutboxEntry): Promise<boolean> {
    const res = await this.conversations
      .updateOne(
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
      )
      .exec();
    return res.matchedCount === 1;
  }

  /**
   * Records the confirmation that a closed conversation is inaktuell, with its event, if it is closed and
   * not yet confirmed; false otherwise (open, confirmed meanwhile, or gone), and then nothing changed.
   */
  async confirmInaktuell(conversationId: string, at: Date, by: ActorRecord, event: OutboxEntry): Promise<boolean> {
    const res = await this.conversations
      .updateOne(
        { _id: conversationId, status: 'closed', inaktuellAt: { $exists: false } },
        { $set: { inaktuellAt: at, inaktuellBy: by, changedAt: at }, $push: { outbox: event } },
      )
      .exec();
    return res.matchedCount === 1;
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

  /** Logged reads: their audit.accessed.v1 events, stored before the content is returned. */
  async recordAccess(entries: { id: string; event: OutboxEntry }[], at: Date): Promise<void> {
    if (entries.length === 0) return;
    await this.accessEvents.collection.insertMany(
      entries.map((e) => ({ _id: e.id, createdAt: at, expiresAt: new Date(at.getTime() + 7 * 86_400_000), outbox: [e.event] })) as never[],
    );
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
}
