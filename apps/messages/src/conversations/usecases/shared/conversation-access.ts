import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { AuditAccessedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { type Capability, mayAccess } from '../../domain/access.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord } from '../../persistence/conversation.schema.js';

/** Purposes a read is logged under (the processing notice's purposes). */
const PURPOSE: Record<Principal['kind'], string> = { citizen: 'egen-insyn', official: 'handlaggning', client: 'handlaggning' };

/** Who may reach a conversation, and the log of every read of its content (audit.accessed.v1). */
@Injectable()
export class ConversationAccess {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** The conversation if `by` may do `capability` with it; "not found" otherwise, whether it exists or not. */
  async accessible(conversationId: string, by: Principal, capability: Capability): Promise<ConversationRecord> {
    const conversation = await this.repo.find(conversationId);
    if (!conversation || !mayAccess(by, conversation, capability)) throw Problems.notFound(`Conversation ${conversationId}`);
    return conversation;
  }

  /** Stores the read's audit.accessed.v1 before the content is returned, and wakes the relay. */
  async logAccess(
    by: Principal,
    conversation: ConversationRecord,
    type: 'conversation' | 'attachment',
    id: string,
    action: 'read' | 'download',
  ): Promise<void> {
    const now = this.clock.now();
    const accessId = this.ids.next();
    const event = this.events.outboxEntry(
      AuditAccessedV1Event,
      {
        accessId,
        accessor: {
          kind: by.kind,
          id: by.subject,
          ...(by.kind === 'official' ? { role: 'messages-handler' } : by.kind === 'client' ? { role: 'messages:read' } : {}),
          ...(by.unit && by.kind !== 'citizen' ? { unit: by.unit } : {}),
        },
        subjectKey: conversation.subjectKey,
        resource: { type, id, conversationId: conversation._id },
        action,
        purpose: PURPOSE[by.kind],
        accessedAt: now.toISOString(),
      },
      { subjectKey: conversation.subjectKey },
    );
    const [outbox] = await this.repo.recordAccess([{ id: accessId, event }], now);
    await this.relay.enqueued('access_events', accessId, outbox);
  }
}
