import type { OutboxEntry } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { DataSubjectRequest } from '../domain/request.model.js';

export const REQUEST_MODEL = 'DataSubjectRequest';
export const REQUESTS_COLLECTION = 'requests';
export const REQUEST_PART_MODEL = 'RequestPart';
export const REQUEST_PARTS_COLLECTION = 'request_parts';

/**
 * A request as stored. `slot` carries the rule "one open request of a kind per person and notice":
 * `<subjectKey>/<notice>/<kind>` while open (a unique index refuses a second), `closed/<id>` after.
 */
export interface RequestRecord extends Omit<DataSubjectRequest, 'id'> {
  _id: string;
  slot: string;
  /** Set once a closed request's parts are dealt with (deleted when withdrawn, given their expiry when answered). */
  partsSettled?: boolean;
  /** Set once every expected part is in: the reminders leave the request alone from then on. */
  partsComplete?: boolean;
  outbox: OutboxEntry[];
}

/** One service's records for a request, sealed with RIGHTS_KEY_SECRET (they are the person's data). */
export interface RequestPartRecord {
  _id: string;
  requestId: string;
  service: string;
  sealedRecords: string;
  storedAt: Date;
  /** When the part is deleted (by the scheduler's sweep): set when its request is answered. */
  expiresAt?: Date;
}

const Official = { _id: false, subjectKey: String, role: String, unit: String };

export const RequestSchema = new Schema<RequestRecord>(
  {
    _id: { type: String, required: true },
    slot: { type: String, required: true },
    previousSubjectKeys: { type: [String], default: undefined },
    subjectKey: { type: String, required: true },
    kind: { type: String, required: true },
    notice: { type: Object, required: true },
    details: String,
    status: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    extension: { type: { _id: false, months: Number, reason: String, by: Official, at: Date, previousDueAt: Date } },
    expectedServices: { type: [String], required: true },
    parts: { type: [Object], default: [] },
    decisions: { type: [Object], default: [] },
    lastAskedAt: { type: Date, required: true },
    askCount: { type: Number, required: true },
    closedAt: Date,
    closedBy: Object,
    reportAvailableUntil: Date,
    partsSettled: Boolean,
    partsComplete: Boolean,
    revision: { type: Number, required: true },
    outbox: { type: [Object], default: [] },
  },
  { collection: REQUESTS_COLLECTION, versionKey: false },
);
RequestSchema.index({ slot: 1 }, { unique: true });
RequestSchema.index({ subjectKey: 1, receivedAt: -1 });
RequestSchema.index({ status: 1, dueAt: 1 });
RequestSchema.index({ partsSettled: 1, status: 1 });

export const RequestPartSchema = new Schema<RequestPartRecord>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    service: { type: String, required: true },
    sealedRecords: { type: String, required: true },
    storedAt: { type: Date, required: true },
    expiresAt: Date,
  },
  { collection: REQUEST_PARTS_COLLECTION, versionKey: false },
);
RequestPartSchema.index({ requestId: 1 });
// Not a TTL index: the MongoDB-protocol server the service runs on has none ("expireAfterSeconds is not
// implemented"); RequestsScheduler deletes the expired parts every tick (SettlePartsUseCase.sweep).
RequestPartSchema.index({ expiresAt: 1 });
