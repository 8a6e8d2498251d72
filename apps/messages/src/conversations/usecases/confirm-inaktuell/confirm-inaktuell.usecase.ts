import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { ConversationInaktuellV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { mayAccess } from '../../domain/access.js';
import type { InaktuellDto } from '../../dto/conversation.dto.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ActorRecord, ConversationRecord } from '../../persistence/conversation.schema.js';

/** 409: only a closed conversation can be confirmed inaktuell. */
export const stillOpen = (): ProblemException =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'conversation-open',
    'The conversation is open',
    'Only a closed conversation can be confirmed inaktuell; close it first.',
  );

/**
 * The unit confirms that a closed conversation is no longer needed ("gallras vid inaktualitet"): retention
 * rules with the trigger `inaktualitet` count from this moment. The same callers as closing (the unit's
 * handlers and its system with the send scope); anyone else gets "not found". The time, who confirmed
 * (kind and id, no name) and messages.conversation.inaktuell.v1 are one conditional update. Idempotent:
 * asking again answers with the first confirmation and emits nothing.
 */
@Injectable()
export class ConfirmInaktuell {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(conversationId: string, by: Principal): Promise<InaktuellDto> {
    const conversation = await this.repo.find(conversationId);
    if (!conversation || !mayAccess(by, conversation, 'confirm-inaktuell')) throw Problems.notFound(`Conversation ${conversationId}`);
    if (conversation.inaktuellAt) return answer(conversation, conversation.inaktuellAt);
    if (conversation.status !== 'closed') throw stillOpen();

    const now = this.clock.now();
    const confirmedBy: ActorRecord = { kind: by.kind, id: by.subject };
    const event = this.events.outboxEntry(
      ConversationInaktuellV1Event,
      {
        conversationId,
        unit: conversation.unit,
        informationType: conversation.informationType,
        inaktuellAt: now.toISOString(),
        confirmedBy: { kind: confirmedBy.kind, id: confirmedBy.id },
      },
      { subjectKey: conversation.subjectKey },
    );
    const outbox = await this.repo.confirmInaktuell(conversationId, now, confirmedBy, event);
    if (outbox) {
      await this.relay.enqueued('conversations', conversationId, outbox);
      return answer(conversation, now);
    }
    // Someone else confirmed it at the same moment (their answer is ours), or it was purged meanwhile.
    const current = await this.repo.find(conversationId);
    if (!current) throw Problems.notFound(`Conversation ${conversationId}`);
    if (current.inaktuellAt) return answer(current, current.inaktuellAt);
    if (current.status !== 'closed') throw stillOpen();
    throw Problems.conflict('The conversation changed while it was being confirmed; try again.');
  }
}

const answer = (c: ConversationRecord, at: Date): InaktuellDto => ({ conversationId: c._id, inaktuellAt: at.toISOString() });
