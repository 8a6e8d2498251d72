import type { RequestKind } from '@insyn/contracts';
import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';

export const RIGHTS_ANSWER_MODEL = 'RightsAnswer';
export const RIGHTS_ANSWERS_COLLECTION = 'rights_answers';

/**
 * This service's answer to one data-subject request, by request id: written once, in one insert with
 * its rights.request.part.v1 in the embedded outbox (ADR 0004). Its existence makes the answer
 * idempotent: a redelivered or repeated request finds it and changes nothing. It holds no personal data
 * once the relay has published the event (the outbox entry is then removed).
 */
export interface RightsAnswerRecord {
  _id: string;
  kind: RequestKind;
  producedAt: Date;
  /** The id of the rights.request.part.v1 event that carried the answer (kept after the outbox empties). */
  eventId: string;
  outbox: OutboxEntry[];
}

export const RightsAnswerSchema = new Schema<RightsAnswerRecord>(
  {
    _id: String,
    kind: { type: String, required: true },
    producedAt: { type: Date, required: true },
    eventId: { type: String, required: true },
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: RIGHTS_ANSWERS_COLLECTION, versionKey: false },
);
