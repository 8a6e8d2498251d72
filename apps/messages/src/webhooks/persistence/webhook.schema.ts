import { Schema } from 'mongoose';

export const WEBHOOK_MODEL = 'Webhook';
export const WEBHOOK_DELIVERY_MODEL = 'WebhookDelivery';

/** A unit's webhook: where to POST its events, and the signing secret, sealed under a data key of the webhook's own. */
export interface WebhookRecord {
  _id: string;
  unit: string;
  url: string;
  events: string[];
  sealedSecret: string;
  createdAt: Date;
  /** Kind and id of who registered it (a client id or an official's subject key). */
  createdBy: { kind: string; id: string };
}

/**
 * One event to one webhook: the body as sent (ids only, no content), and how its delivery went. `pending`
 * until the first attempt, `failing` while attempts fail (retried with backoff), then `delivered` or, after
 * the last attempt, `failed`.
 */
export interface WebhookDeliveryRecord {
  _id: string; // `${eventId}:${webhookId}`: an event redelivered by Kafka is delivered once
  webhookId: string;
  unit: string;
  eventId: string;
  eventType: string;
  body: string;
  status: 'pending' | 'failing' | 'delivered' | 'failed';
  attempts: number;
  createdAt: Date;
  nextAttemptAt?: Date;
  lastAttemptAt?: Date;
  /** The receiver's HTTP status, or a code (timeout, connection) when there was none. */
  lastResult?: string;
  deliveredAt?: Date;
}

export const WebhookSchema = new Schema<WebhookRecord>(
  {
    _id: String,
    unit: { type: String, required: true },
    url: { type: String, required: true },
    events: { type: [String], required: true },
    sealedSecret: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: Object, required: true },
  },
  { collection: 'webhooks', versionKey: false },
);
WebhookSchema.index({ unit: 1 });

export const WebhookDeliverySchema = new Schema<WebhookDeliveryRecord>(
  {
    _id: String,
    webhookId: { type: String, required: true },
    unit: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    body: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    nextAttemptAt: Date,
    lastAttemptAt: Date,
    lastResult: String,
    deliveredAt: Date,
  },
  { collection: 'webhook_deliveries', versionKey: false },
);
WebhookDeliverySchema.index({ status: 1, nextAttemptAt: 1 });
WebhookDeliverySchema.index({ webhookId: 1, createdAt: -1 });
