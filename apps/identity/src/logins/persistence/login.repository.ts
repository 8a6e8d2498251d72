import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { LOGIN_MODEL, type LoginRecord, type LoginStatus } from './login.schema.js';

/** Each method is one query or one atomic single-document update (docs/style.md 12). */
@Injectable()
export class LoginRepository {
  constructor(@InjectModel(LOGIN_MODEL) private readonly model: Model<LoginRecord>) {}

  private collection(): Collection<LoginRecord> {
    return this.model.db.collection<LoginRecord>(this.model.collection.collectionName);
  }

  async insert(record: LoginRecord): Promise<void> {
    // To the driver, so the document stored is exactly the record (no schema defaults or casting added).
    await this.collection().insertOne(record);
  }

  /** The login, only for the browser that started it (a foreign handle or cookie finds nothing). */
  async findBound(id: string, bindingHash: string, now: Date): Promise<LoginRecord | null> {
    // By `_id` alone, the cheapest read on any MongoDB-protocol server; the rest is checked here.
    const record = await this.model.findById(id).lean<LoginRecord>().exec();
    return record && record.bindingHash === bindingHash && record.expiresAt > now ? record : null;
  }

  async setPending(id: string, hintCode: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'pending' }, { $set: { hintCode, updatedAt: now } }).exec();
  }

  async finish(
    id: string,
    status: Exclude<LoginStatus, 'pending' | 'consumed'>,
    hintCode: string,
    now: Date,
    sealedIdentity?: string,
  ): Promise<boolean> {
    const res = await this.model
      .updateOne(
        { _id: id, status: 'pending' },
        { $set: { status, hintCode, updatedAt: now, ...(sealedIdentity ? { sealedIdentity } : {}) } },
      )
      .exec();
    return res.modifiedCount === 1;
  }

  /** Same device: the app returned the user to the browser that started the login, with its nonce. */
  async markReturned(id: string, bindingHash: string, returnNonceHash: string, now: Date): Promise<LoginRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, bindingHash, returnNonceHash, status: { $in: ['pending', 'complete'] }, expiresAt: { $gt: now } },
        { $set: { returnedAt: now, updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<LoginRecord>()
      .exec();
  }

  /** Single use: takes the verified identity out of a complete login, once (a same-device one only after the app returned). */
  async consume(id: string, bindingHash: string, now: Date): Promise<LoginRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: id,
          bindingHash,
          status: 'complete',
          expiresAt: { $gt: now },
          $or: [{ returnNonceHash: { $exists: false } }, { returnedAt: { $exists: true } }],
        },
        { $set: { status: 'consumed', updatedAt: now }, $unset: { sealedIdentity: 1, sealedOrder: 1 } },
        { returnDocument: 'before' },
      )
      .lean<LoginRecord>()
      .exec();
  }

  /** SITHS: the pending redirect login named by `state`, taken once (a replayed callback finds nothing). */
  async takeRedirect(id: string, bindingHash: string, now: Date): Promise<LoginRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, bindingHash, provider: 'siths', status: 'pending', expiresAt: { $gt: now } },
        { $set: { status: 'consumed', updatedAt: now }, $unset: { sealedOrder: 1 } },
        { returnDocument: 'before' },
      )
      .lean<LoginRecord>()
      .exec();
  }
}
