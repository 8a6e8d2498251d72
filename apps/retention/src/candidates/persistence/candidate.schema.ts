import { Schema } from 'mongoose';

export const CANDIDATE_MODEL = 'Candidate';
export const CANDIDATES_COLLECTION = 'candidates';

/**
 * A closed conversation that some rule may one day delete: `_id` is the conversation id. Only what a
 * forecast or run selects on: no content, no subject line, the person by subject key only. `archivedAt`
 * is set once the business system acknowledged the archive package. An archived event that overtakes its
 * closed event leaves a record with only `unit` and `archivedAt` until the closing arrives; every
 * selection filters on `closedAt`, so such a record is never selected.
 */
export interface CandidateRecord {
  _id: string;
  unit: string;
  informationType?: string;
  subjectKey?: string;
  closedAt?: Date;
  /** When an official confirmed it inaktuell (rules "vid inaktualitet" count from here). */
  inaktuellAt?: Date;
  /** When its last message was written (rules "efter senaste aktivitet" count from here); set with `closedAt`. */
  lastActivityAt?: Date;
  archivedAt?: Date;
  /** The case reference (diarienummer) the closing named, for the forecast's item list; never personal data by contract. */
  caseReference?: string;
}

export const CandidateSchema = new Schema<CandidateRecord>(
  {
    _id: { type: String, required: true },
    unit: { type: String, required: true },
    informationType: String,
    subjectKey: String,
    closedAt: Date,
    inaktuellAt: Date,
    lastActivityAt: Date,
    archivedAt: Date,
    caseReference: String,
  },
  { collection: CANDIDATES_COLLECTION, versionKey: false },
);
CandidateSchema.index({ unit: 1, informationType: 1, closedAt: 1 });
CandidateSchema.index({ unit: 1, informationType: 1, inaktuellAt: 1 });
CandidateSchema.index({ unit: 1, informationType: 1, lastActivityAt: 1 });
