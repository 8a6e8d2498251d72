import { Schema } from 'mongoose';
import type { AccessEntry } from '../domain/access-entry.js';

export const ACCESS_ENTRY_MODEL = 'AccessEntry';
export const ACCESS_ENTRIES_COLLECTION = 'access_entries';

/**
 * One entry of the access log; `_id` is the access id, so a redelivered or republished event stores nothing
 * new. `conversationId` repeats `resource.conversationId` at the top level, where gallring's filter on held
 * conversations can use an index on every MongoDB-protocol server (FerretDB does not on a nested path).
 */
export interface AccessEntryRecord extends Omit<AccessEntry, 'accessId'> {
  _id: string;
  conversationId?: string;
}

export const AccessEntrySchema = new Schema<AccessEntryRecord>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    accessor: { type: Object, required: true },
    resource: { type: Object, required: true },
    action: { type: String, required: true },
    purpose: { type: String, required: true },
    accessedAt: { type: Date, required: true },
    source: { type: String, required: true },
    unit: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    conversationId: String,
  },
  { collection: ACCESS_ENTRIES_COLLECTION, versionKey: false },
);
// A person's log, newest first (and its cursor); gallring by unit and date, and held persons.
AccessEntrySchema.index({ subjectKey: 1, accessedAt: -1, _id: -1 });
AccessEntrySchema.index({ unit: 1, accessedAt: 1 });
// Gallring leaves out the entries about a held conversation.
AccessEntrySchema.index({ conversationId: 1 }, { sparse: true });
