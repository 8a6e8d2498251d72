import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Clock } from '@insyn/platform';
import type { ConversationViewDto } from '../../dto/conversation.dto.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';

/** The conversation with its messages, decrypted; each read is logged (audit.accessed.v1) before it is returned. */
@Injectable()
export class ReadConversation {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly keys: ConversationKeys,
    private readonly access: ConversationAccess,
    private readonly presenter: ConversationPresenter,
    private readonly clock: Clock,
  ) {}

  async execute(conversationId: string, by: Principal): Promise<ConversationViewDto> {
    const conversation = await this.access.accessible(conversationId, by, 'read');
    const key = await this.keys.get(conversationId);
    const messages = await this.repo.messagesOf(conversationId);
    await this.access.logAccess(by, conversation, 'conversation', conversationId, 'read');
    // Her read is the unit's read receipt: each message to her gets the time she first saw it. An
    // official's or a system's read changes nothing, and nothing is emitted.
    if (by.kind === 'citizen' && messages.some((m) => m.author.kind !== 'citizen' && !m.readAt))
      await this.repo.markRead(conversationId, this.clock.now());
    return this.presenter.view(conversation, messages, key, by);
  }
}
