import { Schema } from 'mongoose';
import type { OutboxEntry } from '../outbox.js';

/** Add to a mongoose schema: `outbox: { type: [OutboxEntrySchema], default: [] }`. */
export const OutboxEntrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    topic: { type: String, required: true },
    key: { type: String, required: true },
    value: { type: String, required: true },
    createdAt: { type: Date, required: true },
    traceparent: { type: String, required: false },
    tracestate: { type: String, required: false },
  },
  { _id: false },
);
