import type { OutboxEntry } from '@insyn/messaging';
import type { SignInAssurance } from '../../eid/eid-provider.js';

/**
 * A signed-in citizen or official. The person is the subject key; a citizen's personnummer is kept only
 * sealed (`sealedPersonalNumber`), for the person assertions she asks for (ADR 0010), and leaves with the session.
 */
export interface SessionRecord {
  _id: string;
  kind: 'citizen' | 'official';
  /** The person's subject key under the SUBJECT_KEY_SECRET current at sign-in. */
  subjectKey: string;
  /** During a rotation of SUBJECT_KEY_SECRET, her keys under the previous secrets at sign-in (ADR 0025). */
  previousSubjectKeys?: string[];
  provider: 'bankid' | 'freja' | 'siths';
  loa: number;
  /** BankID risk and step-up, Freja registration level, as the provider reported them at sign-in. */
  assurance?: SignInAssurance;
  name: string;
  hsaId?: string;
  unit?: string;
  roles: string[];
  /** SHA-256 of the current refresh secret, and of the one it replaced (reuse detection). */
  refreshHash: string;
  previousRefreshHash?: string;
  createdAt: Date;
  refreshedAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
  revokeReason?: 'sign-out' | 'refresh-reuse' | 'revoked-by-user';
  /** A citizen's personnummer, sealed (AES-256-GCM, bound to the session id); officials' sessions have none. */
  sealedPersonalNumber?: string;
  /** The sealed sign-in evidence (BankID signature and OCSP, Freja JWS, ID token). */
  evidenceId: string;
  userAgent?: string;
  outbox: OutboxEntry[];
}

/** The raw proof of a sign-in, sealed (it contains the personnummer), kept for audit, never logged. */
export interface EvidenceRecord {
  _id: string;
  sessionId: string;
  provider: string;
  kind: string;
  sealed: string;
  createdAt: Date;
  expiresAt: Date;
}
