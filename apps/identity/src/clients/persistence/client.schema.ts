import { OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { ClientAuditRecord, ClientRecord } from './client.entity.js';

export const CLIENT_MODEL = 'ApiClient';
export const CLIENTS_COLLECTION = 'clients';

const ClientAuditSchema = new Schema<ClientAuditRecord>(
  {
    id: { type: String, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true },
    by: { type: Object, required: true },
    unit: { type: String, required: true },
    scopes: { type: [String], required: true },
    reason: { type: String },
  },
  { _id: false },
);

export const ClientSchema = new Schema<ClientRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    secretHash: { type: String, required: true },
    scopes: { type: [String], required: true },
    unit: { type: String, required: true },
    disabled: { type: Boolean, required: true },
    status: { type: String },
    filedBy: { type: String },
    audit: { type: [ClientAuditSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    lastTokenAt: { type: Date },
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: CLIENTS_COLLECTION, versionKey: false },
);
