import { NOTICE_SLUG, NOTICE_TITLE } from './decisions.js';

/** The contract's cap on records in one rights.request.part.v1 (ArrayMaxSize). */
export const MAX_RECORDS = 10_000;
/** A message body is capped at what the API accepts (OpenConversationDto/ReplyDto: 20 000 characters). */
export const MAX_BODY_CHARS = 20_000;
/**
 * Budget for the records of one event: Kafka's default max message is 1 MB (message.max.bytes /
 * max.request.size), and the envelope, the decision and the summary record need room too.
 */
export const MAX_EVENT_BYTES = 900_000;
/**
 * The budget when the records travel as a JWE (base64url: 4 bytes for every 3), so the event still fits
 * Kafka's 1 MB: 660 000 × 4/3 = 880 000 bytes of ciphertext, plus the envelope.
 */
export const MAX_ENCRYPTED_RECORD_BYTES = 660_000;
/** At most this many omitted conversation ids are listed in the truncation note. */
const MAX_LISTED_OMISSIONS = 500;

export const ATTACHMENT_COPIES =
  'Kopior av bifogade filer lämnas på begäran via API:t: GET /v1/conversations/{conversationId}/attachments/{attachmentId}.';
export const FULL_EXTRACT =
  'Hela registerutdraget finns via API:t, inloggad med e-legitimation: GET /v1/conversations och ' +
  'GET /v1/conversations/{conversationId}.';

/** One message, decrypted. */
export interface PlainMessage {
  seq: number;
  sentAt: Date;
  /** When the citizen first opened a message sent to her (the read receipt the unit sees); absent before that and on her own. */
  readAt?: Date;
  author: { kind: string; name?: string };
  body: string;
  attachments: { attachmentId: string; fileName: string; mimeType: string; size: number }[];
}

/** One conversation as this service holds it, decrypted; `messages` is absent when gallring destroyed its key. */
export interface PlainConversation {
  conversationId: string;
  unit: { id: string; name: string };
  subject: string;
  status: 'open' | 'closed';
  openedAt: Date;
  closedAt?: Date;
  archive?: { status: 'pending' | 'archived'; archivedAt?: Date };
  messageCount: number;
  notificationContact?: { email?: string; phone?: string };
  messages?: PlainMessage[];
}

export type ExtractRecord = Record<string, unknown>;

/** The record of one conversation, in the shape the registerutdrag shows. */
export function conversationRecord(c: PlainConversation): ExtractRecord {
  const base: ExtractRecord = {
    type: 'conversation',
    conversationId: c.conversationId,
    unit: { id: c.unit.id, name: c.unit.name },
    subject: c.subject,
    status: c.status,
    openedAt: c.openedAt.toISOString(),
    ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
    archive: c.archive
      ? { status: c.archive.status, ...(c.archive.archivedAt ? { archivedAt: c.archive.archivedAt.toISOString() } : {}) }
      : { status: 'not-closed' },
  };
  if (!c.messages)
    return {
      ...base,
      content: 'deleted-by-gallring',
      note: 'Konversationens innehåll har gallrats: krypteringsnyckeln är förstörd och meddelandena kan inte läsas.',
    };
  return {
    ...base,
    content: 'available',
    messageCount: c.messageCount,
    ...(c.notificationContact && (c.notificationContact.email || c.notificationContact.phone)
      ? {
          notificationContact: {
            ...(c.notificationContact.email ? { email: c.notificationContact.email } : {}),
            ...(c.notificationContact.phone ? { phone: c.notificationContact.phone } : {}),
          },
        }
      : {}),
    messages: c.messages.map((m) => ({
      seq: m.seq,
      sentAt: m.sentAt.toISOString(),
      ...(m.readAt ? { readAt: m.readAt.toISOString() } : {}),
      author: { kind: m.author.kind, ...(m.author.name ? { name: m.author.name } : {}) },
      ...(m.body.length > MAX_BODY_CHARS ? { body: m.body.slice(0, MAX_BODY_CHARS), bodyTruncated: true } : { body: m.body }),
      attachments: m.attachments.map((a) => ({ attachmentId: a.attachmentId, fileName: a.fileName, mimeType: a.mimeType, size: a.size })),
    })),
    ...(c.messages.some((m) => m.attachments.length > 0) ? { attachmentCopies: ATTACHMENT_COPIES } : {}),
  };
}

/** What the summary record says beyond the counts. */
export interface Omissions {
  conversationIds: string[];
}

/** The record describing what is held here and for how long; always the first record. */
export function summaryRecord(counts: { conversations: number; purged: number; included: number }, omitted: Omissions): ExtractRecord {
  return {
    type: 'summary',
    service: 'messages',
    processing: { notice: NOTICE_SLUG, title: NOTICE_TITLE },
    conversations: counts.conversations,
    deletedByGallring: counts.purged,
    categories: [
      {
        codes: ['personnummer'],
        description: 'Personnummer, krypterat: för säker identifiering och för arkivering i verksamhetssystemet.',
      },
      {
        codes: ['email', 'phone'],
        description: 'E-postadress och telefonnummer för avisering om nya meddelanden, om enheten angav dem; krypterade.',
      },
      {
        codes: ['special-categories', 'social-economic-situation', 'offences', 'financial'],
        description:
          'Innehållet i meddelanden och bifogade filer, krypterat; det kan innehålla känsliga personuppgifter och uppgifter ' +
          'om social och ekonomisk situation, lagöverträdelser och ekonomi.',
      },
      { codes: [], description: 'Ämne, enhet, tidpunkter, avsändare (kategori och namn på handläggare), status och arkiveringsstatus.' },
    ],
    retention:
      'Gallring av information i säkra meddelanden sker i enlighet med gällande gallringsregler för respektive ' +
      'verksamhet och verksamhetssystem. En stängd konversation arkiveras i enhetens verksamhetssystem och gallras ' +
      `sedan här; vid gallring förstörs också krypteringsnyckeln. Se behandlingen ”${NOTICE_TITLE}” (${NOTICE_SLUG}). ` +
      'Arkiverade konversationer finns även i verksamhetssystemet; fråga enheten om den delen.',
    attachmentCopies: ATTACHMENT_COPIES,
    ...(counts.included < counts.conversations
      ? {
          truncated: {
            note: `Utdraget är förkortat: ${counts.conversations - counts.included} av ${counts.conversations} konversationer fick inte plats i svaret. ${FULL_EXTRACT}`,
            omittedConversations: counts.conversations - counts.included,
            omittedConversationIds: omitted.conversationIds.slice(0, MAX_LISTED_OMISSIONS),
          },
        }
      : {}),
  };
}

const bytes = (record: ExtractRecord): number => Buffer.byteLength(JSON.stringify(record));

/** Room kept for the envelope, the decision and the summary record (with up to 500 omitted ids). */
const RESERVED_BYTES = 60_000;

/**
 * Collects the conversation records of one access answer within the event's limits: at most
 * MAX_RECORDS records and MAX_EVENT_BYTES bytes. Offer conversations newest first; one that does not
 * fit is left out (and named in the summary), and later, smaller ones may still fit. Pure: the use
 * case stops decrypting once `full`.
 *
 * Why one event, not several: the contract (rights.request.part.v1) has no part index or count, so the
 * rights service could not tell when it has every part of a split answer, and it takes one part per
 * service and request. A split needs a v2 contract; raising Kafka's message limit is a broker-wide change.
 * So an answer that would not fit is shortened, the summary says so and points to the API, where the
 * citizen reads every conversation in full (the decision is then `partly-done`).
 */
export class AccessExtract {
  private readonly records: ExtractRecord[] = [];
  private readonly omitted: string[] = [];
  private used = RESERVED_BYTES;
  private purged = 0;
  private total = 0;

  constructor(private readonly maxBytes = MAX_EVENT_BYTES) {}

  /** True once no further record can be added (by count); byte room may still fit smaller ones. */
  get full(): boolean {
    return this.records.length >= MAX_RECORDS - 1;
  }

  /** Adds the conversation if it fits; returns whether it did. */
  offer(conversation: PlainConversation): boolean {
    this.total++;
    if (!conversation.messages) this.purged++;
    const record = conversationRecord(conversation);
    const size = bytes(record) + 1;
    if (this.full || this.used + size > this.maxBytes) {
      this.omitted.push(conversation.conversationId);
      return false;
    }
    this.records.push(record);
    this.used += size;
    return true;
  }

  /** Counts a conversation that was not offered (e.g. skipped once the extract is full). */
  skip(conversationId: string, purged: boolean): void {
    this.total++;
    if (purged) this.purged++;
    this.omitted.push(conversationId);
  }

  get truncated(): boolean {
    return this.omitted.length > 0;
  }

  /** The summary first, then the conversations as offered. */
  build(): ExtractRecord[] {
    return [
      summaryRecord({ conversations: this.total, purged: this.purged, included: this.records.length }, { conversationIds: this.omitted }),
      ...this.records,
    ];
  }
}
