import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { SIGN_ORDER_MODEL, type SignOrderRecord, type SignOrderStatus } from './sign-order.schema.js';

/** Each method is one query or one atomic single-document update (docs/style.md 12). */
@Injectable()
export class SignOrderRepository {
  constructor(@InjectModel(SIGN_ORDER_MODEL) private readonly model: Model<SignOrderRecord>) {}

  private collection(): Collection<SignOrderRecord> {
    return this.model.db.collection<SignOrderRecord>(this.model.collection.collectionName);
  }

  async insert(record: SignOrderRecord): Promise<void> {
    // To the driver, so the document stored is exactly the record (no schema defaults or casting added).
    await this.collection().insertOne(record);
  }

  /**
   * The order, only for the person who started it: one of her subject keys (ADR 0025; another person's key,
   * or an expired order, finds nothing).
   */
  async findOwned(id: string, subjectKeys: string[], now: Date): Promise<SignOrderRecord | null> {
    const record = await this.model.findById(id).lean<SignOrderRecord>().exec();
    return record && subjectKeys.includes(record.subjectKey) && record.expiresAt > now ? record : null;
  }

  async setPending(id: string, hintCode: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'pending' }, { $set: { hintCode, updatedAt: now } }).exec();
  }

  /** Ends a pending order; false when another instance ended it first. */
  async finish(
    id: string,
    status: Exclude<SignOrderStatus, 'pending'>,
    hintCode: string,
    now: Date,
    sealedResult?: string,
  ): Promise<boolean> {
    const res = await this.model
      .updateOne({ _id: id, status: 'pending' }, { $set: { status, hintCode, updatedAt: now, ...(sealedResult ? { sealedResult } : {}) } })
      .exec();
    return res.modifiedCount === 1;
  }
}
