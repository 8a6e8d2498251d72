import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { WrittenOutbox } from '@insyn/messaging';
import type { Collection, Model } from 'mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import { collectionOf } from '@insyn/platform';
import { RIGHTS_ANSWER_MODEL, type RightsAnswerRecord } from './rights-answer.schema.js';

/**
 * The answers to data-subject requests (`rights_answers`, an outbox collection); the conversations they
 * read are the conversations feature's (ConversationsQuery). Each write is one single-document insert
 * (docs/style.md 12), to the driver's collection (typed, collectionOf): the answer is stored exactly as
 * given and a second insert of the same request fails on the duplicate `_id`.
 */
@Injectable()
export class RightsRepository {
  private readonly answerRecords: Collection<RightsAnswerRecord>;

  constructor(@InjectModel(RIGHTS_ANSWER_MODEL) private readonly answers: Model<RightsAnswerRecord>) {
    this.answerRecords = collectionOf(answers);
  }

  async answered(requestId: string): Promise<boolean> {
    return (await this.answers.exists({ _id: requestId }).exec()) !== null;
  }

  /**
   * The answer with its event, in one insert; returns the inserted outbox, or null if the request was
   * already answered (the first answer stands).
   */
  async insertAnswer(answer: RightsAnswerRecord): Promise<WrittenOutbox | null> {
    try {
      await this.answerRecords.insertOne(answer);
      return answer.outbox;
    } catch (err) {
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
  }
}
