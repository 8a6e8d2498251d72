import { OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { EvidenceRecord, SessionRecord } from './session.entity.js';

export const SESSION_MODEL = 'Session';
export const EVIDENCE_MODEL = 'SignInEvidence';
export const SESSIONS_COLLECTION = 'sessions';
export const EVIDENCE_COLLECTION = 'sign_in_evidence';

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
  { collection: SESSIONS_COLLECTION, versionKey: false },
);
SessionSchema.index({ subjectKey: 1, createdAt: -1 });
// Expired sessions leave after a day (kept that long so a late refresh gets a clear answer).
SessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 86_400 });

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
  { collection: EVIDENCE_COLLECTION, versionKey: false },
);
EvidenceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
