import { OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { ApprovalHistoryEntry, PendingApproval } from '../domain/approval.js';
import type { NoticeRecord, PublishedVersionRecord } from './notice.entity.js';

const PublishedVersionSchema = new Schema<PublishedVersionRecord>(
  {
    version: { type: Number, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
    approvedBy: { type: String },
    content: { type: Schema.Types.Mixed, required: true },
    rights: { type: Schema.Types.Mixed, required: true },
  },
  { _id: false },
);

const PendingApprovalSchema = new Schema<PendingApproval>(
  {
    draftRevision: { type: Number, required: true },
    requestedBy: { type: String, required: true },
    requestedByPersons: { type: [String], required: true },
    requestedAt: { type: Date, required: true },
  },
  { _id: false },
);

const ApprovalHistorySchema = new Schema<ApprovalHistoryEntry>(
  {
    action: { type: String, enum: ['requested', 'approved', 'rejected', 'cancelled'], required: true },
    draftRevision: { type: Number, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String },
    version: { type: Number },
  },
  { _id: false },
);

export const NoticeSchema = new Schema<NoticeRecord>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['draft', 'published', 'withdrawn'], required: true },
    controllerOrg: { type: String, default: null },
    activity: { type: String, required: true },
    draft: { type: Schema.Types.Mixed, default: null },
    draftRevision: { type: Number, required: true },
    versions: { type: [PublishedVersionSchema], default: [] },
    currentVersion: { type: Number, default: null },
    withdrawnAt: { type: Date, default: null },
    withdrawalReason: { type: String, default: null },
    pendingApproval: { type: PendingApprovalSchema, default: null },
    approvalHistory: { type: [ApprovalHistorySchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: 'notices', versionKey: false, minimize: false },
);
NoticeSchema.index({ status: 1, controllerOrg: 1, activity: 1 });

export const NOTICE_MODEL = 'Notice';
