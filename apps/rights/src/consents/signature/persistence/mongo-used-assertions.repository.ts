import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import { USED_ASSERTION_MODEL, type UsedAssertionRecord } from './used-assertion.schema.js';
import { UsedAssertionsRepository } from './used-assertions.repository.js';

/**
 * The claim inserts through the driver's collection (typed by the record, collectionOf): it must fail on a
 * duplicate `_id`, which mongoose's `create` would first build and validate a document for.
 */
@Injectable()
export class MongoUsedAssertionsRepository extends UsedAssertionsRepository {
  private readonly collection: Collection<UsedAssertionRecord>;

  constructor(@InjectModel(USED_ASSERTION_MODEL) private readonly model: Model<UsedAssertionRecord>) {
    super();
    this.collection = collectionOf(model);
  }

  async claim(assertionId: string, subjectKey: string, at: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: assertionId, subjectKey, usedAt: at });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async release(assertionId: string): Promise<void> {
    await this.model.deleteOne({ _id: assertionId }).exec();
  }
}
