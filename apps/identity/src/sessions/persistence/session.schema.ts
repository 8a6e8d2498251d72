import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { SignInAssurance } from '../eid/eid-provider.js';

export const SESSION_MODEL = 'Session';
export const EVIDENCE_MODEL = 'SignInEvidence';

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

export const SessionSchema = new Schema<SessionRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    subjectKey: { type: String, required: true },
    previousSubjectKeys: { type: [String], default: undefined },
    provider: { type: String, required: true },
    loa: { type: Number, required: true },
    assurance: { type: Schema.Types.Mixed },
    name: { type: String, required: true },
    hsaId: String,
    unit: String,
    roles: { type: [String], default: [] },
    refreshHash: { type: String, required: true },
    previousRefreshHash: String,
    createdAt: { type: Date, required: true },
    refreshedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: Date,
    revokeReason: String,
    evidenceId: { type: String, required: true },
    sealedPersonalNumber: String,
    userAgent: String,
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: 'sessions', versionKey: false },
);
SessionSchema.index({ subjectKey: 1, createdAt: -1 });
// Expired sessions leave after a day (kept that long so a late refresh gets a clear answer).
SessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 86_400 });

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

export const EvidenceSchema = new Schema<EvidenceRecord>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    provider: { type: String, required: true },
    kind: { type: String, required: true },
    sealed: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sign_in_evidence', versionKey: false },
);
EvidenceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
