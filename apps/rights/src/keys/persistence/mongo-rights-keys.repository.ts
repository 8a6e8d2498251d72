import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { collectionOf } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import type { RightsKeyRecord, SealedSecretRecord } from './rights-key.entity.js';
import { RIGHTS_KEY_MODEL, SEALED_SECRETS_COLLECTION } from './rights-key.schema.js';
import { RightsKeysRepository } from './rights-keys.repository.js';

/**
 * The inserts-if-absent (upserts with `$setOnInsert`) and the secrets, which have no model, go to the driver's
 * collections (typed by the record): they store exactly the record given, without mongoose casting or adding
 * defaults. The rest uses the model.
 */
@Injectable()
export class MongoRightsKeysRepository extends RightsKeysRepository {
  private readonly keys: Collection<RightsKeyRecord>;
  private readonly secrets: Collection<SealedSecretRecord>;

  constructor(@InjectModel(RIGHTS_KEY_MODEL) private readonly model: Model<RightsKeyRecord>) {
    super();
    this.keys = collectionOf(model);
    this.secrets = model.db.collection<SealedSecretRecord>(SEALED_SECRETS_COLLECTION);
  }

  findAll(): Promise<RightsKeyRecord[]> {
    return this.model.find({}).lean<RightsKeyRecord[]>().exec();
  }

  async insertIfAbsent(record: RightsKeyRecord): Promise<boolean> {
    const { _id, ...fields } = record;
    const res = await this.keys.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
    return res.upsertedCount === 1;
  }

  async replaceSealed(kid: string, sealedBefore: string, sealed: string): Promise<void> {
    await this.model.updateOne({ _id: kid, sealedPrivateJwk: sealedBefore }, { $set: { sealedPrivateJwk: sealed } }).exec();
  }

  async insertSecretIfAbsent(secret: SealedSecretRecord): Promise<void> {
    const { _id, ...fields } = secret;
    await this.secrets.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
  }

  findSecret(id: string): Promise<SealedSecretRecord | null> {
    return this.secrets.findOne({ _id: id });
  }

  async replaceSealedSecret(id: string, sealedBefore: string, sealed: string): Promise<void> {
    await this.secrets.updateOne({ _id: id, sealed: sealedBefore }, { $set: { sealed } });
  }
}
