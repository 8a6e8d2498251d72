import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { AccessLogPurge } from './access-log-purges.repository.js';

export const ACCESS_LOG_PURGE_MODEL = 'AccessLogPurge';
export const ACCESS_LOG_PURGES_COLLECTION = 'access_log_purges';

/** One purge request, by its id, with its answer in the outbox until the relay sends it. */
export interface AccessLogPurgeRecord extends Omit<AccessLogPurge, 'requestId'> {
  _id: string;
  outbox: OutboxEntry[];
}

export const AccessLogPurgeSchema = new Schema<AccessLogPurgeRecord>(
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
  { collection: ACCESS_LOG_PURGES_COLLECTION, versionKey: false },
);
AccessLogPurgeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
