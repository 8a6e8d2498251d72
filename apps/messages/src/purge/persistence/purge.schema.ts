import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';

export const PURGE_MODEL = 'Purge';

/**
 * One purge request, by its id: what was selected (conversation ids, not personal data) before anything
 * was deleted, so a redelivery after a crash finishes the same deletion, and the answer once it is done,
 * so the same request twice answers the same.
 */
export interface PurgeRecord {
  _id: string; // requestId
  runId: string;
  chunk: number;
  status: 'deleting' | 'done';
  method: 'delete' | 'crypto-shred';
  ids: string[];
  skippedHeld: number;
  blockedUnarchived: number;
  remaining: boolean;
  deletedIdsSha256?: string;
  /** Why the request was refused without selecting anything (a unit or information type not held here). */
  error?: string;
  createdAt: Date;
  completedAt?: Date;
  expiresAt: Date;
  outbox: OutboxEntry[];
}

export const PurgeSchema = new Schema<PurgeRecord>(
  {
    _id: String,
    runId: String,
    chunk: Number,
    status: String,
    method: String,
    ids: [String],
    skippedHeld: Number,
    blockedUnarchived: Number,
    remaining: Boolean,
    deletedIdsSha256: String,
    error: String,
    createdAt: Date,
    completedAt: Date,
    expiresAt: Date,
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: 'purges', versionKey: false },
);
PurgeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
