import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { DataKeyCache, EnvelopeCipher, KeyProvider } from '@insyn/crypto';
import { Clock } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import { collectionOf } from '@insyn/platform';
import { DATA_KEY_MODEL, type DataKeyRecord } from './conversation.schema.js';

/** The conversation's data key is gone: it was purged (crypto-shredded). */
export class KeyDestroyedError extends Error {
  constructor(conversationId: string) {
    super(`the data key of conversation ${conversationId} has been destroyed`);
  }
}

/**
 * Per-conversation data keys (AES-256-GCM), wrapped by the key-encryption key and kept in their own
 * collection: deleting a conversation's key makes every copy of its ciphertexts unreadable, backups
 * included (crypto-shredding). Every sealed value is bound to its conversation and field by its AAD.
 */
@Injectable()
export class ConversationKeys {
  private readonly cipher: EnvelopeCipher;
  private readonly cache = new DataKeyCache({ maxEntries: 10_000, ttlMs: 5 * 60_000 });
  /** The insert goes to the driver's collection (typed): it must fail on a duplicate `_id` and store the key as given. */
  private readonly records: Collection<DataKeyRecord>;

  constructor(
    private readonly keys: KeyProvider,
    @InjectModel(DATA_KEY_MODEL) private readonly model: Model<DataKeyRecord>,
    private readonly clock: Clock,
  ) {
    this.cipher = new EnvelopeCipher(keys);
    this.records = collectionOf(model);
  }

  /** Whether a KEK rotation may have left data keys under an older KEK (the key file holds more than one). */
  rotationPossible(): boolean {
    return this.keys.mayHoldOlderKeks();
  }

  /** Up to `limit` data keys wrapped by a KEK other than the current one, in id order after `after`. */
  async pageWrappedByOlderKek(after: string | null, limit: number): Promise<DataKeyRecord[]> {
    const current = this.keys.currentKekId();
    return this.model
      .find(after === null ? { kekId: { $ne: current } } : { kekId: { $ne: current }, _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<DataKeyRecord[]>()
      .exec();
  }

  /**
   * KEK rotation: the key wrapped again by the current KEK (no ciphertext changes), stored if nobody changed or
   * destroyed it meanwhile. `current` when it already was; `changed` when it is no longer as read.
   */
  async rewrap(record: DataKeyRecord): Promise<'resealed' | 'current' | 'changed'> {
    if (!this.keys.needsRewrap(record)) return 'current';
    const next = await this.keys.rewrap({ kekId: record.kekId, wrapped: record.wrapped }, record._id);
    const res = await this.model
      .updateOne({ _id: record._id, kekId: record.kekId, wrapped: record.wrapped }, { $set: { kekId: next.kekId, wrapped: next.wrapped } })
      .exec();
    return res.matchedCount === 1 ? 'resealed' : 'changed';
  }

  async create(conversationId: string): Promise<Buffer> {
    const { dataKey, wrapped } = await this.cipher.newDataKey(conversationId);
    await this.records.insertOne({ _id: conversationId, ...wrapped, createdAt: this.clock.now() });
    this.cache.set(conversationId, dataKey);
    return dataKey;
  }

  async get(conversationId: string): Promise<Buffer> {
    const cached = this.cache.get(conversationId);
    if (cached) return cached;
    const record = await this.model.findById(conversationId).lean<DataKeyRecord>().exec();
    if (!record) throw new KeyDestroyedError(conversationId);
    const key = await this.cipher.openDataKey({ kekId: record.kekId, wrapped: record.wrapped }, conversationId);
    this.cache.set(conversationId, key);
    return key;
  }

  /** Crypto-shredding: the keys go first, so a crash half-way leaves only unreadable rows behind. */
  async destroy(conversationIds: string[]): Promise<number> {
    for (const id of conversationIds) this.cache.delete(id);
    if (conversationIds.length === 0) return 0;
    const res = await this.model.deleteMany({ _id: { $in: conversationIds } }).exec();
    return res.deletedCount;
  }

  seal(key: Buffer, plaintext: string | Buffer, conversationId: string, field: string): string {
    return this.cipher.encryptToString(key, plaintext, `${conversationId}/${field}`);
  }

  sealBytes(key: Buffer, plaintext: Buffer, conversationId: string, field: string): Buffer {
    return this.cipher.encrypt(key, plaintext, `${conversationId}/${field}`);
  }

  open(key: Buffer, sealed: string, conversationId: string, field: string): string {
    return this.cipher.decryptToString(key, sealed, `${conversationId}/${field}`);
  }

  openBytes(key: Buffer, sealed: Buffer, conversationId: string, field: string): Buffer {
    return this.cipher.decrypt(key, sealed, `${conversationId}/${field}`);
  }
}
