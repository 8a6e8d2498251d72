import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { MessageReceivedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { NotificationContact } from '../../../notifications/notifier.js';
import { Units } from '../../domain/units.js';
import type { ConversationViewDto, ReplyDto } from '../../dto/conversation.dto.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import { ReadConversation } from '../read-conversation/read-conversation.usecase.js';
import { ContactNotices } from '../shared/contact-notices.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { actorOf, closedProblem, MessageSealer } from '../shared/message-sealer.js';

/**
 * A reply in an open conversation, by the citizen, the unit's officials or the unit's system. A citizen's
 * reply tells the unit's business systems (messages.message.received.v1, in the same write); the unit's
 * reply notifies the citizen's contact. Answers with the conversation as read after it.
 */
@Injectable()
export class ReplyToConversation {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly keys: ConversationKeys,
    private readonly units: Units,
    private readonly access: ConversationAccess,
    private readonly sealer: MessageSealer,
    private readonly notices: ContactNotices,
    private readonly read: ReadConversation,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(conversationId: string, input: ReplyDto, by: Principal): Promise<ConversationViewDto> {
    const conversation = await this.access.accessible(conversationId, by, 'reply');
    const files = this.sealer.files(input.attachments);
    if (files.problems.length) throw Problems.unprocessable(files.problems, 'The reply cannot be sent as given; nothing was stored.');
    if (conversation.status !== 'open') throw closedProblem();
    const key = await this.keys.get(conversationId);
    const unitName = this.units.get(conversation.unit)?.name ?? conversation.unit;
    const now = this.clock.now();
    const { message, attachments } = this.sealer.seal(
      key,
      conversationId,
      conversation.messageCount + 1,
      actorOf(by, unitName),
      input.body,
      files.items,
      now,
    );
    // A citizen's reply tells the unit's business systems, in the same write as the reply (ids only).
    const events =
      by.kind === 'citizen'
        ? [
            this.events.outboxEntry(
              MessageReceivedV1Event,
              {
                conversationId,
                messageId: message._id,
                unit: conversation.unit,
                ...(conversation.caseReference ? { caseReference: conversation.caseReference } : {}),
                receivedAt: now.toISOString(),
              },
              { subjectKey: conversation.subjectKey },
            ),
          ]
        : [];
    const outbox = await this.repo.appendMessage(conversationId, message, attachments, events);
    if (!outbox) {
      const current = await this.repo.find(conversationId);
      if (current?.status !== 'open') throw closedProblem();
      throw Problems.conflict('Another reply was sent at the same moment; send yours again.');
    }
    if (events.length) await this.relay.enqueued('conversations', conversationId, outbox);
    if (by.kind !== 'citizen' && conversation.sealedContact)
      await this.notices.notify(
        JSON.parse(this.keys.open(key, conversation.sealedContact, conversationId, 'contact')) as NotificationContact,
      );
    return this.read.execute(conversationId, by);
  }
}
