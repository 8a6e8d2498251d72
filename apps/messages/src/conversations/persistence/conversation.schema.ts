import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';

export const CONVERSATION_MODEL = 'Conversation';
export const MESSAGE_MODEL = 'Message';
export const ATTACHMENT_MODEL = 'Attachment';
export const DATA_KEY_MODEL = 'DataKey';
export const ACCESS_EVENT_MODEL = 'AccessEvent';

export type ActorKind = 'citizen' | 'official' | 'client' | 'system';

export interface ActorRecord {
  kind: ActorKind;
  /** Subject key, client id or service; never a personnummer. */
  id: string;
  /** Shown to the other party: the official's name, the unit for a system. Sealed for citizens. */
  name?: string;
}

/** Why the last archive attempts failed: a code without personal data (ArchiveDeliveryError.reason). */
export interface ArchiveFailure {
  reason: string;
  /** False when the destination refused the package for good (it is still retried, with the same backoff). */
  retryable: boolean;
  /** The first failure of this run of failures. */
  since: Date;
  lastAttemptAt: Date;
}

/**
 * `pending` until the first attempt; `failing` after a failed one (with `failure`, retried at
 * `nextAttemptAt`); `archived` with the receipt once delivered (the failure is gone then).
 */
export interface ArchiveState {
  status: 'pending' | 'failing' | 'archived';
  attempts: number;
  nextAttemptAt?: Date;
  failure?: ArchiveFailure;
  /** The last error's message, for operators (logs); the API shows `failure.reason` only. */
  lastError?: string;
  packageId?: string;
  packageSha256?: string;
  receiptId?: string;
  archivedAt?: Date;
}

/**
 * A conversation between a unit and a citizen. The subject line is not sensitive (checked); everything
 * that is (the personnummer the business system needs, the notification contact) is sealed with the
 * conversation's data key, like the messages.
 */
export interface ConversationRecord {
  _id: string;
  unit: string;
  informationType: string;
  subject: string;
  /** The business system's case reference (diarienummer): shown to the unit only, never to the citizen. */
  caseReference?: string;
  subjectKey: string;
  sealedPersonnummer: string;
  sealedContact?: string;
  status: 'open' | 'closed';
  openedAt: Date;
  openedBy: ActorRecord;
  closedAt?: Date;
  closedBy?: ActorRecord;
  /** When an official (or the unit's system) confirmed the closed conversation no longer needed ("vid inaktualitet"). */
  inaktuellAt?: Date;
  /** Who confirmed it: kind and id only (a subject key or client id), no name. */
  inaktuellBy?: ActorRecord;
  messageCount: number;
  lastMessageAt: Date;
  /**
   * When anything a list shows last changed (opened, a message, closed, confirmed inaktuell, archived or
   * first failing): what `GET /v1/conversations?since=` selects on. Absent on conversations stored before it.
   */
  changedAt?: Date;
  archive?: ArchiveState;
  outbox: OutboxEntry[];
}

export interface AttachmentMeta {
  id: string;
  sealedFileName: string;
  mimeType: string;
  size: number;
}

export interface MessageRecord {
  _id: string;
  conversationId: string;
  seq: number;
  author: ActorRecord;
  sentAt: Date;
  sealedBody: string;
  attachments: AttachmentMeta[];
  /** When the citizen first opened the conversation after this message came: the unit's messages only. */
  readAt?: Date;
}

export interface AttachmentRecord {
  _id: string;
  conversationId: string;
  messageId: string;
  sealedContent: Buffer;
}

export interface DataKeyRecord {
  _id: string; // conversation id
  kekId: string;
  wrapped: string;
  createdAt: Date;
}

/** One logged read, kept until its audit.accessed.v1 is relayed (then it expires). */
export interface AccessEventRecord {
  _id: string;
  createdAt: Date;
  expiresAt: Date;
  outbox: OutboxEntry[];
}

const Actor = new Schema<ActorRecord>({ kind: String, id: String, name: String }, { _id: false });

export const ConversationSchema = new Schema<ConversationRecord>(
  {
    _id: String,
    unit: { type: String, required: true },
    informationType: { type: String, required: true },
    subject: { type: String, required: true },
    caseReference: String,
    subjectKey: { type: String, required: true },
    sealedPersonnummer: { type: String, required: true },
    sealedContact: String,
    status: { type: String, required: true },
    openedAt: { type: Date, required: true },
    openedBy: { type: Actor, required: true },
    closedAt: Date,
    closedBy: Actor,
    inaktuellAt: Date,
    inaktuellBy: Actor,
    messageCount: { type: Number, required: true },
    lastMessageAt: { type: Date, required: true },
    changedAt: Date,
    archive: { type: Object },
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: 'conversations', versionKey: false },
);
ConversationSchema.index({ subjectKey: 1, lastMessageAt: -1 });
ConversationSchema.index({ unit: 1, lastMessageAt: -1 });
// Paging a unit's list: recent activity, changes since an instant, and by case reference.
ConversationSchema.index({ unit: 1, changedAt: 1, _id: 1 });
ConversationSchema.index({ subjectKey: 1, changedAt: 1, _id: 1 });
ConversationSchema.index({ unit: 1, caseReference: 1, lastMessageAt: -1 });
// Gallring selects by unit, type and status, and compares its date with the closing, (trigger
// `inaktualitet`) the confirmation or (trigger `last-activity`) the last message; one index for each.
ConversationSchema.index({ unit: 1, informationType: 1, status: 1, closedAt: 1 });
ConversationSchema.index({ unit: 1, informationType: 1, status: 1, inaktuellAt: 1 });
ConversationSchema.index({ unit: 1, informationType: 1, status: 1, lastMessageAt: 1 });
ConversationSchema.index({ 'archive.status': 1, 'archive.nextAttemptAt': 1 });

export const MessageSchema = new Schema<MessageRecord>(
  {
    _id: String,
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    author: { type: Actor, required: true },
    sentAt: { type: Date, required: true },
    sealedBody: { type: String, required: true },
    attachments: { type: [Object], default: [] },
    readAt: Date,
  },
  { collection: 'messages', versionKey: false },
);
MessageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });

export const AttachmentSchema = new Schema<AttachmentRecord>(
  { _id: String, conversationId: { type: String, required: true }, messageId: { type: String, required: true }, sealedContent: Buffer },
  { collection: 'attachments', versionKey: false },
);
AttachmentSchema.index({ conversationId: 1 });

export const DataKeySchema = new Schema<DataKeyRecord>(
  { _id: String, kekId: { type: String, required: true }, wrapped: { type: String, required: true }, createdAt: Date },
  { collection: 'data_keys', versionKey: false },
);

export const AccessEventSchema = new Schema<AccessEventRecord>(
  { _id: String, createdAt: Date, expiresAt: Date, outbox: { type: [OutboxEntrySchema], default: [] } },
  { collection: 'access_events', versionKey: false },
);
AccessEventSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
