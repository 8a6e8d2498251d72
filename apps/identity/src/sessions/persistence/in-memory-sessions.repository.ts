import type { WrittenOutbox } from '@insyn/messaging';
import type { SessionRecord } from './session.entity.js';
import { type RevokeReason, type SessionOwner, SessionsRepository, type StoredSession } from './sessions.repository.js';

const stored = (r: SessionRecord): StoredSession => {
  const { outbox: _outbox, ...session } = structuredClone(r);
  return session;
};

/** The sessions in memory, with the Mongo repository's preconditions (for the use cases' unit tests). */
export class InMemorySessionsRepository extends SessionsRepository {
  readonly records = new Map<string, SessionRecord>();

  insert(record: SessionRecord): Promise<WrittenOutbox> {
    this.records.set(record._id, structuredClone(record));
    return Promise.resolve(record.outbox);
  }

  findById(sessionId: string): Promise<StoredSession | null> {
    const r = this.records.get(sessionId);
    return Promise.resolve(r ? stored(r) : null);
  }

  rotateRefresh(sessionId: string, presented: string, next: string, now: Date): Promise<StoredSession | null> {
    const r = this.records.get(sessionId);
    if (!r || r.refreshHash !== presented || r.revokedAt || r.expiresAt <= now) return Promise.resolve(null);
    return Promise.resolve(this.change(r, { refreshHash: next, previousRefreshHash: presented, refreshedAt: now }));
  }

  revoke(sessionId: string, reason: RevokeReason, now: Date): Promise<void> {
    const r = this.records.get(sessionId);
    if (r && !r.revokedAt) this.change(r, { revokedAt: now, revokeReason: reason });
    return Promise.resolve();
  }

  revokeByRefreshHash(sessionId: string, refreshHash: string, now: Date): Promise<void> {
    const r = this.records.get(sessionId);
    if (r && r.refreshHash === refreshHash && !r.revokedAt) this.change(r, { revokedAt: now, revokeReason: 'sign-out' });
    return Promise.resolve();
  }

  revokeOwn(sessionId: string, owner: SessionOwner, reason: RevokeReason, now: Date): Promise<boolean> {
    const r = this.records.get(sessionId);
    if (!r || !isOwners(r, owner)) return Promise.resolve(false);
    if (!r.revokedAt) this.change(r, { revokedAt: now, revokeReason: reason });
    return Promise.resolve(true);
  }

  listOwn(owner: SessionOwner): Promise<StoredSession[]> {
    const mine = [...this.records.values()].filter((r) => isOwners(r, owner));
    return Promise.resolve(
      mine
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, 50)
        .map(stored),
    );
  }

  findOwn(sessionId: string, owner: SessionOwner): Promise<StoredSession | null> {
    const r = this.records.get(sessionId);
    return Promise.resolve(r && isOwners(r, owner) ? stored(r) : null);
  }

  findLiveCitizenSession(sessionId: string, subjectKeys: string[], now: Date): Promise<StoredSession | null> {
    const r = this.records.get(sessionId);
    const live = r && isOwners(r, { subjectKeys, kind: 'citizen' }) && !r.revokedAt && r.expiresAt > now;
    return Promise.resolve(live ? stored(r) : null);
  }

  private change(r: SessionRecord, set: Partial<SessionRecord>): StoredSession {
    const next = { ...r, ...set };
    this.records.set(r._id, next);
    return stored(next);
  }
}

const isOwners = (r: SessionRecord, owner: SessionOwner) => owner.subjectKeys.includes(r.subjectKey) && r.kind === owner.kind;
