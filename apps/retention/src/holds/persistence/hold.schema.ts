import { Schema } from 'mongoose';
import type { HoldActor, HoldReason, HoldReview, HoldScope, HoldSource } from '../domain/hold.js';

export const HOLD_MODEL = 'Hold';
export const HOLDS_COLLECTION = 'holds';

/** A hold as stored: `_id` is the hold id; `slot` carries the one-active-hold rule (see slotOf). No personnummer, ever. */
export interface HoldRecord {
  _id: string;
  scope: HoldScope;
  target: string;
  reason: HoldReason;
  note?: string;
  setBy: HoldActor;
  setAt: Date;
  reviewAt: Date;
  reviews: HoldReview[];
  releasedAt?: Date;
  releasedBy?: HoldActor;
  releaseNote?: string;
  source?: HoldSource;
  slot: string;
  /** Set with each change (set, reviewed, released); absent on holds stored before it, until HoldsRepository backfills it. */
  changedAt?: Date;
}

const Actor = { _id: false, kind: String, id: String };

export const HoldSchema = new Schema<HoldRecord>(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    target: { type: String, required: true },
    reason: { type: String, required: true },
    note: String,
    setBy: { type: Actor, required: true },
    setAt: { type: Date, required: true },
    reviewAt: { type: Date, required: true },
    reviews: { type: [{ _id: false, at: Date, by: Actor, from: Date, to: Date }], default: [] },
    releasedAt: Date,
    releasedBy: { type: Actor },
    releaseNote: String,
    source: { type: { _id: false, type: String, requestId: String } },
    slot: { type: String, required: true },
    changedAt: Date,
  },
  { collection: HOLDS_COLLECTION, versionKey: false },
);
HoldSchema.index({ slot: 1 }, { unique: true });
HoldSchema.index({ scope: 1, releasedAt: 1 });
// `GET /v1/holds?since=`: what changed after an instant, oldest change first.
HoldSchema.index({ changedAt: 1, _id: 1 });
