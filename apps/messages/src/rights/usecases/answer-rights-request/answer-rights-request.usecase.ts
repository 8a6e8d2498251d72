import { Injectable, Logger } from '@nestjs/common';
import { type RightsDecision, type RightsRequestOpenedV1, RightsRequestPartV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { type HeldConversation, ConversationsQuery } from '../../../conversations/conversations.query.js';
import { Units } from '../../../conversations/domain/units.js';
import { ConversationKeys, KeyDestroyedError } from '../../../conversations/persistence/conversation-keys.js';
import { CompactEncrypt, importJWK } from 'jose';
import {
  AccessExtract,
  type ExtractRecord,
  MAX_ENCRYPTED_RECORD_BYTES,
  MAX_EVENT_BYTES,
  MAX_RECORDS,
  type PlainConversation,
} from '../../domain/access-extract.js';
import { accessDecision, decide } from '../../domain/decisions.js';
import { RightsRepository } from '../../persistence/rights.repository.js';
import { RIGHTS_ANSWERS_COLLECTION } from '../../persistence/rights-answer.schema.js';

export const SERVICE_NAME = 'messages';

export type AnswerOutcome = 'answered' | 'already-answered';

/**
 * Answers one data-subject request with this service's part (rights.request.part.v1): for access the
 * person's conversations, decrypted; for the other kinds the decision and its legal reason. Idempotent
 * by request id: the answer and its event are one insert into `rights_answers`, and a request already
 * answered changes nothing. Logs carry the request id and counts only, never content or subject keys.
 */
@Injectable()
export class AnswerRightsRequest {
  private readonly logger = new Logger(AnswerRightsRequest.name);

  constructor(
    private readonly repo: RightsRepository,
    private readonly conversationsQuery: ConversationsQuery,
    private readonly keys: ConversationKeys,
    private readonly units: Units,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(request: RightsRequestOpenedV1): Promise<AnswerOutcome> {
    if (await this.repo.answered(request.requestId)) return this.alreadyAnswered(request.requestId);
    // During a rotation of SUBJECT_KEY_SECRET her conversations may still be under a previous key (ADR 0025).
    const conversations = await this.conversationsQuery.ofPerson([request.subjectKey, ...(request.previousSubjectKeys ?? [])], MAX_RECORDS);

    let records: ExtractRecord[] | undefined;
    let decision: RightsDecision;
    if (request.kind === 'access') {
      const extract = await this.extract(conversations, request.encryptTo ? MAX_ENCRYPTED_RECORD_BYTES : MAX_EVENT_BYTES);
      records = extract.build();
      decision = accessDecision(extract.truncated);
    } else {
      let purged = 0;
      for (const c of conversations) if (!(await this.dataKey(c._id))) purged++;
      decision = decide(request.kind, { total: conversations.length, purged });
    }

    const producedAt = this.clock.now();
    const entry = this.events.outboxEntry(
      RightsRequestPartV1Event,
      {
        requestId: request.requestId,
        service: SERVICE_NAME,
        kind: request.kind,
        ...(records ? await this.recordsFor(request, records) : {}),
        decision,
        producedAt: producedAt.toISOString(),
      },
      { subjectKey: request.subjectKey },
    );
    const outbox = await this.repo.insertAnswer({
      _id: request.requestId,
      kind: request.kind,
      producedAt,
      eventId: entry.id,
      outbox: [entry],
    });
    if (!outbox) return this.alreadyAnswered(request.requestId);
    await this.relay.enqueued(RIGHTS_ANSWERS_COLLECTION, request.requestId, outbox);
    this.logger.log(
      `rights request ${request.requestId} (${request.kind}) answered: ${decision.outcome}, ${conversations.length} conversation(s), ${records?.length ?? 0} record(s)`,
    );
    return 'answered';
  }

  /**
   * The first answer stands. The relay is nudged again in case the first handling died between its
   * insert and its mark (the recovery scan would find it too, later); with an empty outbox it is a no-op.
   */
  private async alreadyAnswered(requestId: string): Promise<AnswerOutcome> {
    await this.relay.enqueued(RIGHTS_ANSWERS_COLLECTION, requestId);
    this.logger.log(`rights request ${requestId} was already answered; the first answer stands`);
    return 'already-answered';
  }

  /**
   * The records as the part carries them: encrypted to the rights service's key when the request names
   * one (ADR 0008: a part never sits readable in Kafka's log), in clear only for requests without it.
   */
  private async recordsFor(
    request: RightsRequestOpenedV1,
    records: ExtractRecord[],
  ): Promise<{ records: ExtractRecord[] } | { encryptedRecords: string; recordCount: number }> {
    if (!request.encryptTo) return { records };
    const { kid, ...jwk } = request.encryptTo;
    const key = await importJWK(jwk, 'ECDH-ES');
    const encryptedRecords = await new CompactEncrypt(Buffer.from(JSON.stringify(records)))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid, cty: 'application/json' })
      .encrypt(key);
    return { encryptedRecords, recordCount: records.length };
  }

  private async extract(conversations: HeldConversation[], maxBytes: number): Promise<AccessExtract> {
    const extract = new AccessExtract(maxBytes);
    for (const c of conversations) {
      const key = await this.dataKey(c._id);
      if (extract.full) {
        extract.skip(c._id, !key);
        continue;
      }
      extract.offer(key ? await this.decrypt(c, key) : this.plain(c));
    }
    return extract;
  }

  /** The conversation's data key, or undefined when gallring destroyed it. */
  private async dataKey(conversationId: string): Promise<Buffer | undefined> {
    try {
      return await this.keys.get(conversationId);
    } catch (err) {
      if (err instanceof KeyDestroyedError) return undefined;
      throw err;
    }
  }

  private plain(c: HeldConversation): PlainConversation {
    return {
      conversationId: c._id,
      unit: { id: c.unit, name: this.units.get(c.unit)?.name ?? c.unit },
      subject: c.subject,
      status: c.status,
      openedAt: c.openedAt,
      ...(c.closedAt ? { closedAt: c.closedAt } : {}),
      ...(c.archive
        ? {
            // The registerutdrag says whether it is archived; a failing attempt is still pending to the person.
            archive: {
              status: c.archive.status === 'archived' ? ('archived' as const) : ('pending' as const),
              ...(c.archive.archivedAt ? { archivedAt: c.archive.archivedAt } : {}),
            },
          }
        : {}),
      messageCount: c.messageCount,
    };
  }

  /** The AAD scheme is the one the conversation use cases seal with (MessageSealer): message/<id>, message/<id>/author, attachment/<id>/name. */
  private async decrypt(c: HeldConversation, key: Buffer): Promise<PlainConversation> {
    const id = c._id;
    const messages = await this.conversationsQuery.messagesOf(id);
    const contact = c.sealedContact
      ? (JSON.parse(this.keys.open(key, c.sealedContact, id, 'contact')) as { email?: string; phone?: string })
      : undefined;
    return {
      ...this.plain(c),
      ...(contact ? { notificationContact: { email: contact.email, phone: contact.phone } } : {}),
      messages: messages.map((m) => ({
        seq: m.seq,
        sentAt: m.sentAt,
        ...(m.readAt ? { readAt: m.readAt } : {}),
        author: {
          kind: m.author.kind,
          ...(m.author.name ? { name: this.keys.open(key, m.author.name, id, `message/${m._id}/author`) } : {}),
        },
        body: this.keys.open(key, m.sealedBody, id, `message/${m._id}`),
        attachments: m.attachments.map((a) => ({
          attachmentId: a.id,
          fileName: this.keys.open(key, a.sealedFileName, id, `attachment/${a.id}/name`),
          mimeType: a.mimeType,
          size: a.size,
        })),
      })),
    };
  }
}
