import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { collectionOf } from '@insyn/platform';
import { MESSAGES_KEY_MODEL, type MessagesKeyRecord } from './messages-key.schema.js';

/**
 * The service's encryption key pairs (`messages_keys`). The insert is an upsert with `$setOnInsert` on the
 * driver's collection (typed, collectionOf), so that instances starting together on an empty database
 * keep the first one stored, as given, without mongoose casting it.
 */
@Injectable()
export class MessagesKeyRepository {
  private readonly records: Collection<MessagesKeyRecord>;

  constructor(@InjectModel(MESSAGES_KEY_MODEL) private readonly keys: Model<MessagesKeyRecord>) {
    this.records = collectionOf(keys);
  }

  /** The encryption keys, oldest first. */
  async all(): Promise<MessagesKeyRecord[]> {
    return this.keys.find({ use: 'enc' }).sort({ createdAt: 1 }).lean<MessagesKeyRecord[]>().exec();
  }

  /** Stores the key unless one with its id exists; true if this call stored it. */
  async insertIfAbsent(kid: string, fields: Omit<MessagesKeyRecord, '_id'>): Promise<boolean> {
    const res = await this.records.updateOne({ _id: kid }, { $setOnInsert: fields }, { upsert: true });
    return res.upsertedCount === 1;
  }
}
