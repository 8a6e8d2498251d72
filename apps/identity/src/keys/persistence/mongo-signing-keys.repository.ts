import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import type { SigningKeyRecord } from './signing-key.entity.js';
import { SIGNING_KEY_MODEL } from './signing-key.schema.js';
import { SigningKeysRepository } from './signing-keys.repository.js';

@Injectable()
export class MongoSigningKeysRepository extends SigningKeysRepository {
  /** Inserts go to the driver, so the document stored is exactly the record (no schema defaults or casting added). */
  private readonly collection: Collection<SigningKeyRecord>;

  constructor(@InjectModel(SIGNING_KEY_MODEL) private readonly model: Model<SigningKeyRecord>) {
    super();
    this.collection = model.db.collection<SigningKeyRecord>(model.collection.collectionName);
  }

  async insert(record: SigningKeyRecord): Promise<void> {
    await this.collection.insertOne(record);
  }

  findPublished(now: Date): Promise<SigningKeyRecord[]> {
    return this.model
      .find({ removeAt: { $gt: now } })
      .lean<SigningKeyRecord[]>()
      .exec();
  }

  async replaceSealed(kid: string, sealedBefore: string, sealed: string): Promise<void> {
    await this.model.updateOne({ _id: kid, sealedPrivateJwk: sealedBefore }, { $set: { sealedPrivateJwk: sealed } }).exec();
  }
}
