import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ConversationArchivedV1Envelope,
  ConversationArchivedV1Event,
  ConversationClosedV1Envelope,
  ConversationClosedV1Event,
  ConversationInaktuellV1Envelope,
  ConversationInaktuellV1Event,
} from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { CandidatesRepository } from './persistence/candidates.repository.js';

/**
 * messages.conversation.closed.v1, .inaktuell.v1 and .archived.v1 → the candidates collection.
 * Contract checks, the inbox by event id, retries and dead-lettering come with @OnEvent; each write is an
 * idempotent upsert, so a redelivery (under a new event id too) or an archiving that overtakes its
 * closing changes nothing that matters.
 */
@Controller()
export class CandidatesConsumer {
  constructor(private readonly candidates: CandidatesRepository) {}

  @OnEvent(ConversationClosedV1Event)
  async onConversationClosed(@Payload() event: ConversationClosedV1Envelope): Promise<void> {
    const { conversationId, unit, informationType, closedAt, lastMessageAt, caseReference } = event.data;
    await this.candidates.recordClosed({
      conversationId,
      unit,
      informationType,
      closedAt: new Date(closedAt),
      // An older event without the last message counts from the closing: later, so never too early.
      lastActivityAt: new Date(lastMessageAt ?? closedAt),
      ...(caseReference !== undefined ? { caseReference } : {}),
      ...(event.subjectKey !== undefined ? { subjectKey: event.subjectKey } : {}),
    });
  }

  @OnEvent(ConversationInaktuellV1Event)
  async onConversationInaktuell(@Payload() event: ConversationInaktuellV1Envelope): Promise<void> {
    const { conversationId, unit, informationType, inaktuellAt } = event.data;
    await this.candidates.recordInaktuell({
      conversationId,
      unit,
      informationType,
      inaktuellAt: new Date(inaktuellAt),
      ...(event.subjectKey !== undefined ? { subjectKey: event.subjectKey } : {}),
    });
  }

  @OnEvent(ConversationArchivedV1Event)
  async onConversationArchived(@Payload() event: ConversationArchivedV1Envelope): Promise<void> {
    const { conversationId, unit, archivedAt } = event.data;
    await this.candidates.recordArchived({ conversationId, unit, archivedAt: new Date(archivedAt) });
  }
}
