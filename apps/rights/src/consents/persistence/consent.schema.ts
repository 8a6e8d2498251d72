import { CONSENT_BASES, CONSENT_STATES } from '@insyn/contracts';
import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { ConsentChange, ConsentSummary } from '../domain/consent.js';

export const CONSENT_MODEL = 'Consent';
/** The consents collection; its documents carry an embedded outbox the relay drains (ADR 0004). */
export const CONSENTS_COLLECTION = 'consents';

/** One consent: its current state at the top (what lists and the check index read), every change in `history`. */
export interface ConsentRecord extends Omit<ConsentSummary, 'consentId'> {
  _id: string;
  /** Set when re-keyed to a new SUBJECT_KEY_SECRET: the receipts' principal from before (ADR 0025). */
  receiptPrincipal?: string;
  history: ConsentChange[];
  updatedAt: Date;
  outbox: OutboxEntry[];
}

export const ConsentSchema = new Schema<ConsentRecord>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    notice: { type: String, required: true },
    purpose: { type: String, required: true },
    basis: { type: String, enum: CONSENT_BASES, required: true },
    state: { type: String, enum: CONSENT_STATES, required: true },
    sequence: { type: Number, required: true },
    noticeVersion: { type: Number, required: true },
    textDigest: { type: String, required: true },
    language: { type: String, required: true },
    changedAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    receiptPrincipal: String,
    /** Every change, oldest first: the evidence of what the person was shown and did (art. 7.1). */
    history: { type: [Object], default: [] },
    /** consent.changed.v1 events written with the change that caused them, until the relay sends them. */
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: CONSENTS_COLLECTION, versionKey: false, minimize: false },
);
// One consent per person, notice and purpose: two first "give" requests racing cannot make two.
ConsentSchema.index({ subjectKey: 1, notice: 1, purpose: 1 }, { unique: true });
// The check index catches up on what changed since its last read.
ConsentSchema.index({ updatedAt: 1 });
