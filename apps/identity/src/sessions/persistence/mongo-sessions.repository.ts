import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { WrittenOutbox } from '@insyn/messaging';
import type { Collection, Model } from 'mongoose';
import type { EvidenceRecord, SessionRecord } from './session.entity.js';
import { EVIDENCE_MODEL, SESSION_MODEL } from './session.schema.js';
import {
  type RevokeReason,
  type SessionOwner,
  SessionsRepository,
  SignInEvidenceRepository,
  type StoredSession,
} from './sessions.repository.js';

const WITHOUT_OUTBOX = { outbox: 0 } as const;

@Injectable()
export class MongoSessionsRepository extends SessionsRepository {
  /** Inserts go to the driver, so the document stored is exactly the record (no schema defaults or casting added). */
  private readonly collection: Collection<SessionRecord>;

  constructor(@InjectModel(SESSION_MODEL) private readonly model: Model<SessionRecord>) {
    super();
    this.collection = model.db.collection<SessionRecord>(model.collection.collectionName);
  }

  async insert(record: SessionRecord): Promise<WrittenOutbox> {
    await this.collection.insertOne(record);
    return record.outbox;
  }

  findById(sessionId: string): Promise<StoredSession | null> {
    return this.model.findById(sessionId, WITHOUT_OUTBOX).lean<StoredSession>().exec();
  }

  rotateRefresh(sessionId: string, presented: string, next: string, now: Date): Promise<StoredSession | null> {
    return this.model
      .findOneAndUpdate(
        { _id: sessionId, refreshHash: presented, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { refreshHash: next, previousRefreshHash: presented, refreshedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<StoredSession>()
      .exec();
  }

  async revoke(sessionId: string, reason: RevokeReason, now: Date): Promise<void> {
    await this.model.updateOne({ _id: sessionId, revokedAt: null }, { $set: { revokedAt: now, revokeReason: reason } }).exec();
  }

  async revokeByRefreshHash(sessionId: string, refreshHash: string, now: Date): Promise<void> {
    await this.model
      .updateOne({ _id: sessionId, refreshHash, revokedAt: null }, { $set: { revokedAt: now, revokeReason: 'sign-out' } })
      .exec();
  }

  async revokeOwn(sessionId: string, owner: SessionOwner, reason: RevokeReason, now: Date): Promise<boolean> {
    const mine = { _id: sessionId, subjectKey: { $in: owner.subjectKeys }, kind: owner.kind };
    const res = await this.model.updateOne({ ...mine, revokedAt: null }, { $set: { revokedAt: now, revokeReason: reason } }).exec();
    // Revoking twice is fine: an ended session of hers still counts.
    return res.matchedCount === 1 || (await this.model.exists(mine).exec()) !== null;
  }

  listOwn(owner: SessionOwner): Promise<StoredSession[]> {
    return this.model
      .find({ subjectKey: { $in: owner.subjectKeys }, kind: owner.kind }, WITHOUT_OUTBOX)
      .sort({ createdAt: -1 })
      .limit(50)
      .lean<StoredSession[]>()
      .exec();
  }

  findOwn(sessionId: string, owner: SessionOwner): Promise<StoredSession | null> {
    return this.model
      .findOne({ _id: sessionId, subjectKey: { $in: owner.subjectKeys }, kind: owner.kind }, WITHOUT_OUTBOX)
      .lean<StoredSession>()
      .exec();
  }

  findLiveCitizenSession(sessionId: string, subjectKeys: string[], now: Date): Promise<StoredSession | null> {
    return this.model
      .findOne(
        { _id: sessionId, subjectKey: { $in: subjectKeys }, kind: 'citizen', revokedAt: null, expiresAt: { $gt: now } },
        WITHOUT_OUTBOX,
      )
      .lean<StoredSession>()
      .exec();
  }
}

@Injectable()
export class MongoSignInEvidenceRepository extends SignInEvidenceRepository {
  /** Inserts go to the driver, so the document stored is exactly the record (no schema defaults or casting added). */
  private readonly collection: Collection<EvidenceRecord>;

  constructor(@InjectModel(EVIDENCE_MODEL) private readonly model: Model<EvidenceRecord>) {
    super();
    this.collection = model.db.collection<EvidenceRecord>(model.collection.collectionName);
  }

  async insert(record: EvidenceRecord): Promise<void> {
    await this.collection.insertOne(record);
  }

  page(after: string | null, limit: number): Promise<EvidenceRecord[]> {
    return this.model
      .find(after === null ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<EvidenceRecord[]>()
      .exec();
  }

  async replaceSealed(id: string, sealedBefore: string, sealed: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, sealed: sealedBefore }, { $set: { sealed } }).exec();
    return res.matchedCount === 1;
  }
}
