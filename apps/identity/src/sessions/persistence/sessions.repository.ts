import type { WrittenOutbox } from '@insyn/messaging';
import type { EvidenceRecord, SessionRecord } from './session.entity.js';

/** A session as it is read: without its outbox, which only the relay needs. */
export type StoredSession = Omit<SessionRecord, 'outbox'>;

/** Whose sessions a request may see and end: the person (her subject keys, ADR 0025) in the role she signed in as. */
export interface SessionOwner {
  subjectKeys: string[];
  kind: 'citizen' | 'official';
}

export type RevokeReason = NonNullable<SessionRecord['revokeReason']>;

/**
 * The sessions (docs/style.md 10). Each method is one query or one atomic single-document update
 * (docs/style.md 12); the person's own sessions are found only with her subject keys and kind
 * (docs/style.md 11).
 */
export abstract class SessionsRepository {
  /** Stores a new session with its identity.signed-in.v1 in its outbox; the outbox as it was inserted. */
  abstract insert(record: SessionRecord): Promise<WrittenOutbox>;
  abstract findById(sessionId: string): Promise<StoredSession | null>;
  /**
   * Rotates the refresh secret of a live, unrevoked session whose current secret hashes to `presented`,
   * keeping `presented` as the previous one; null when no such session exists.
   */
  abstract rotateRefresh(sessionId: string, presented: string, next: string, now: Date): Promise<StoredSession | null>;
  /** Ends the session unless it has ended already. */
  abstract revoke(sessionId: string, reason: RevokeReason, now: Date): Promise<void>;
  /** Ends the session whose current refresh secret hashes to `refreshHash`, unless it has ended already. */
  abstract revokeByRefreshHash(sessionId: string, refreshHash: string, now: Date): Promise<void>;
  /** Ends one of the owner's sessions; false when she has no such session (ended already is true). */
  abstract revokeOwn(sessionId: string, owner: SessionOwner, reason: RevokeReason, now: Date): Promise<boolean>;
  /** The owner's 50 newest sessions, newest first. */
  abstract listOwn(owner: SessionOwner): Promise<StoredSession[]>;
  abstract findOwn(sessionId: string, owner: SessionOwner): Promise<StoredSession | null>;
  /** The citizen session, only if it is one of `subjectKeys`' and neither ended nor expired at `now`. */
  abstract findLiveCitizenSession(sessionId: string, subjectKeys: string[], now: Date): Promise<StoredSession | null>;
}

/** The sealed proofs of sign-ins, kept a year for audit. */
export abstract class SignInEvidenceRepository {
  abstract insert(record: EvidenceRecord): Promise<void>;
  /** A page of evidence ordered by id, after `after` (from the first when null). */
  abstract page(after: string | null, limit: number): Promise<EvidenceRecord[]>;
  /** Replaces the sealed evidence unless someone changed it meanwhile; false then. */
  abstract replaceSealed(id: string, sealedBefore: string, sealed: string): Promise<boolean>;
}
