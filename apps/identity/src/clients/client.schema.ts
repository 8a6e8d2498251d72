import { type OutboxEntry, OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';

export const CLIENT_MODEL = 'ApiClient';

/** A municipal system allowed to call the APIs with client-credentials tokens. */
export interface ClientRecord {
  _id: string; // client id
  name: string;
  /** scrypt hash of the secret: `scrypt$N$r$p$<salt>$<hash>`. */
  secretHash: string;
  scopes: string[];
  unit: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  lastTokenAt?: Date;
  /** identity.signed-in.v1 for each token issued, until relayed. */
  outbox?: OutboxEntry[];
}

export const ClientSchema = new Schema<ClientRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    secretHash: { type: String, required: true },
    scopes: { type: [String], required: true },
    unit: { type: String, required: true },
    disabled: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    lastTokenAt: { type: Date },
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: 'clients', versionKey: false },
);
