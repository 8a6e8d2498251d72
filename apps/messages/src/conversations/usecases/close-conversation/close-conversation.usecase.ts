import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { ConversationClosedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { ClosedConversations } from '../../domain/closed-conversations.js';
import type { ConversationSummaryDto } from '../../dto/conversation.dto.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';
import { actorOf, closedProblem } from '../shared/message-sealer.js';

/**
 * Closes an open conversation: no more messages. messages.conversation.closed.v1 goes in the same write,
 * and the archiver is woken to archive it to the business system.
 */
@Injectable()
export class CloseConversation {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly access: ConversationAccess,
    private readonly presenter: ConversationPresenter,
    private readonly closedSignal: ClosedConversations,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(conversationId: string, by: Principal): Promise<ConversationSummaryDto> {
    const conversation = await this.access.accessible(conversationId, by, 'close');
    if (conversation.status !== 'open') throw closedProblem();
    const now = this.clock.now();
    const closedBy = actorOf(by);
    const event = this.events.outboxEntry(
      ConversationClosedV1Event,
      {
        conversationId,
        unit: conversation.unit,
        informationType: conversation.informationType,
        openedAt: conversation.openedAt.toISOString(),
        closedAt: now.toISOString(),
        closedBy: { kind: closedBy.kind, id: closedBy.id },
        messageCount: conversation.messageCount,
        lastMessageAt: conversation.lastMessageAt.toISOString(),
        // How officials recognise it in gallring's forecasts (the diarienummer), when the business system gave one.
        ...(conversation.caseReference ? { caseReference: conversation.caseReference } : {}),
      },
      { subjectKey: conversation.subjectKey },
    );
    const outbox = await this.repo.close(conversationId, now, closedBy, event);
    if (!outbox) throw closedProblem();
    await this.relay.enqueued('conversations', conversationId, outbox);
    this.closedSignal.closed$.next(conversationId);
    return this.presenter.summary({ ...conversation, status: 'closed', closedAt: now, archive: { status: 'pending', attempts: 0 } }, by);
  }
}
