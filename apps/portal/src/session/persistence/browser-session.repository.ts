import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { collectionOf } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import type { ConsentSigning } from '../browser-session.js';
import { BROWSER_SESSION_MODEL, type BrowserSessionRecord } from './browser-session.schema.js';

/**
 * The only reader and writer of the browser sessions. The two reads go through the model; the writes go
 * to the driver's collection (typed by the record, collectionOf), so that a new session is stored exactly
 * as given and an insert fails on a duplicate `_id`. Each method is one query or one atomic write.
 */
@Injectable()
export class BrowserSessionRepository {
  private readonly records: Collection<BrowserSessionRecord>;

  constructor(@InjectModel(BROWSER_SESSION_MODEL) private readonly model: Model<BrowserSessionRecord>) {
    this.records = collectionOf(model);
  }

  /** The session with this id that has not idled out by `now`, its idle timeout moved to `expiresAt`. */
  async touchLive(id: string, now: Date, expiresAt: Date): Promise<BrowserSessionRecord | null> {
    return this.model
      .findOneAndUpdate({ _id: id, expiresAt: { $gt: now } }, { $set: { lastSeenAt: now, expiresAt } }, { returnDocument: 'after' })
      .lean<BrowserSessionRecord>()
      .exec();
  }

  /** The session with this id as stored, unless it has idled out by `now`. */
  async findLive(id: string, now: Date): Promise<BrowserSessionRecord | null> {
    return this.model
      .findOne({ _id: id, expiresAt: { $gt: now } })
      .lean<BrowserSessionRecord>()
      .exec();
  }

  async insert(record: BrowserSessionRecord): Promise<void> {
    await this.records.insertOne(record);
  }

  /** The sealed secrets, and the access token's expiry (removed when there is none). */
  async setSealed(id: string, sealed: string, accessExpiresAt: Date | undefined): Promise<void> {
    await this.records.updateOne(
      { _id: id },
      accessExpiresAt ? { $set: { sealed, accessExpiresAt } } : { $set: { sealed }, $unset: { accessExpiresAt: '' } },
    );
  }

  async setLogin(id: string, loginId: string | undefined): Promise<void> {
    await this.records.updateOne({ _id: id }, loginId ? { $set: { loginId } } : { $unset: { loginId: '' } });
  }

  async setSithsPending(id: string, pending: boolean): Promise<void> {
    await this.records.updateOne({ _id: id }, pending ? { $set: { sithsPending: true } } : { $unset: { sithsPending: '' } });
  }

  async setSigning(id: string, signing: ConsentSigning | undefined): Promise<void> {
    await this.records.updateOne({ _id: id }, signing ? { $set: { signing } } : { $unset: { signing: '' } });
  }

  async setLang(id: string, lang: 'sv' | 'en'): Promise<void> {
    await this.records.updateOne({ _id: id }, { $set: { lang } });
  }

  async delete(id: string): Promise<void> {
    await this.records.deleteOne({ _id: id });
  }

  /** Every browser's session that rides on this identity session. */
  async deleteForIdentitySession(identitySessionId: string): Promise<void> {
    await this.records.deleteMany({ 'user.sessionId': identitySessionId });
  }
}
