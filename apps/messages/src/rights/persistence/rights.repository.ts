import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  CONVERSATION_MODEL,
  type ConversationRecord,
  MESSAGE_MODEL,
  type MessageRecord,
} from '../../conversations/persistence/conversation.schema.js';
import { isDuplicateKeyError } from '@insyn/platform';
import { RIGHTS_ANSWER_MODEL, type RightsAnswerRecord } from './rights-answer.schema.js';

/** A conversation as a rights answer needs it: no outbox, no sealed personnummer. */
export type HeldConversation = Omit<ConversationRecord, 'outbox' | 'sealedPersonnummer'>;

const PROJECTION = { outbox: 0, sealedPersonnummer: 0 } as const;

/**
 * Reads what the messages service holds about one subject key, and stores the answers. Every read of
 * conversations is scoped by the subject key (docs/style.md 11); messages are read only for conversations
 * found that way. Each write is one single-document insert (docs/style.md 12).
 */
@Injectable()
export class RightsRepository {
  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageRecord>,
    @InjectModel(RIGHTS_ANSWER_MODEL) private readonly answers: Model<RightsAnswerRecord>,
  ) {}

  /** The subject's conversations (under any of her keys, ADR 0025), newest first, at most `limit`. */
  async conversationsOf(subjectKeys: readonly string[], limit: number): Promise<HeldConversation[]> {
    if (subjectKeys.length === 0 || subjectKeys.some((k) => !k)) throw new Error('conversationsOf needs a subject key');
    return this.conversations
      .find({ subjectKey: { $in: subjectKeys } }, PROJECTION)
      .sort({ openedAt: -1, _id: 1 })
      .limit(limit)
      .lean<HeldConversation[]>()
      .exec();
  }

  /** The messages of one of the subject's conversations, in order. */
  async messagesOf(conversation: HeldConversation): Promise<MessageRecord[]> {
    return this.messages.find({ conversationId: conversation._id }).sort({ seq: 1 }).lean<MessageRecord[]>().exec();
  }

  async answered(requestId: string): Promise<boolean> {
    return (await this.answers.exists({ _id: requestId }).exec()) !== null;
  }

  /** The answer with its event, in one insert; false if the request was already answered (the first answer stands). */
  async insertAnswer(answer: RightsAnswerRecord): Promise<boolean> {
    try {
      await this.answers.collection.insertOne(answer as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}
