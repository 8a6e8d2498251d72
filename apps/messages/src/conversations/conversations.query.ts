import { Injectable } from '@nestjs/common';
import type { PurgeExclusions, PurgeSelection } from '@insyn/contracts';
import { ConversationRepository, type HeldConversation } from './persistence/conversation.repository.js';
import type { AttachmentRecord, MessageRecord } from './persistence/conversation.schema.js';

export type { HeldConversation } from './persistence/conversation.repository.js';

/** One gallring chunk's choice, made before anything is deleted. */
export interface PurgeableConversations {
  /** At most the limit's ids: closed, of the selection, not held, archived when the selection requires it. */
  ids: string[];
  /** More than `limit` could be deleted: the run asks again. */
  remaining: boolean;
  /** How many of the selection the exclusions hold. */
  skippedHeld: number;
  /** How many of the selection, not held, wait for archiving (counted only when the selection requires it). */
  blockedUnarchived: number;
}

/**
 * What other features of the messages service read of the conversations (gallring, archiving,
 * data-subject requests): the conversations feature owns the collections, and this is its read port.
 */
@Injectable()
export class ConversationsQuery {
  constructor(private readonly repo: ConversationRepository) {}

  /** Gallring: the conversations a purge request may delete, with the held and blocked counts, counted by the database. */
  async purgeable(selection: PurgeSelection, exclusions: PurgeExclusions, limit: number): Promise<PurgeableConversations> {
    const skippedHeld = await this.repo.countHeld(selection, exclusions);
    const blockedUnarchived = selection.requireArchived ? await this.repo.countUnarchived(selection, exclusions) : 0;
    const { ids, remaining } = await this.repo.purgeableIds(selection, exclusions, limit);
    return { ids, remaining, skippedHeld, blockedUnarchived };
  }

  /** A data-subject request: the person's conversations under any of her subject keys, newest first, at most `limit`. */
  ofPerson(subjectKeys: readonly string[], limit: number): Promise<HeldConversation[]> {
    return this.repo.ofPerson(subjectKeys, limit);
  }

  /** The messages of a conversation, in order. */
  messagesOf(conversationId: string): Promise<MessageRecord[]> {
    return this.repo.messagesOf(conversationId);
  }

  attachment(conversationId: string, attachmentId: string): Promise<AttachmentRecord | null> {
    return this.repo.attachment(conversationId, attachmentId);
  }

  /** How many conversations are marked failing to archive. */
  countArchiveFailing(): Promise<number> {
    return this.repo.countArchiveFailing();
  }
}
