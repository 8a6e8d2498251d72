import { Injectable } from '@nestjs/common';
import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import { ConversationKeys } from './persistence/conversation-keys.js';
import { type ArchiveFailureUpdate, ConversationRepository } from './persistence/conversation.repository.js';
import type { ArchiveState, ConversationRecord } from './persistence/conversation.schema.js';

export type { ArchiveFailureUpdate } from './persistence/conversation.repository.js';

/**
 * What other features of the messages service change in the conversations (gallring deletes, the
 * archiver records its attempts): the conversations feature owns the collections, and this is its write
 * port.
 */
@Injectable()
export class ConversationsCommands {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly keys: ConversationKeys,
  ) {}

  /**
   * Gallring: deletes these closed conversations — their data keys first (crypto-shredding: from then on
   * nothing of them can be read, backups included, and a crash half-way leaves only unreadable rows), then
   * attachments, messages and the conversations. Safe to repeat.
   */
  async deleteClosed(conversationIds: string[]): Promise<void> {
    await this.keys.destroy(conversationIds);
    await this.repo.deleteAttachmentsOf(conversationIds);
    await this.repo.deleteMessagesOf(conversationIds);
    await this.repo.deleteClosed(conversationIds);
  }

  /** Archiving: one conversation due, leased to this instance until `leaseUntil`; null when none is due. */
  claimForArchive(now: Date, leaseUntil: Date): Promise<ConversationRecord | null> {
    return this.repo.claimForArchive(now, leaseUntil);
  }

  /**
   * Archiving: the receipt and its event (messages.conversation.archived.v1), in one write, unless it was
   * archived meanwhile; returns the conversation's whole outbox as that write left it, or null when not.
   */
  markArchived(conversationId: string, archive: ArchiveState, at: Date, event: OutboxEntry): Promise<WrittenOutbox | null> {
    return this.repo.markArchived(conversationId, archive, at, event);
  }

  /** Archiving: a failed attempt, with its reason and the next attempt's time. */
  markArchiveFailing(conversationId: string, update: ArchiveFailureUpdate): Promise<void> {
    return this.repo.markArchiveFailing(conversationId, update);
  }
}
