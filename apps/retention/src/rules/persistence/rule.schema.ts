import { OutboxEntrySchema } from '@insyn/messaging';
import { Schema } from 'mongoose';
import {
  type ApprovalRejection,
  type ApprovalRequest,
  type Decision,
  type Retirement,
  RULE_ACTIONS,
  RULE_PRECONDITIONS,
  RULE_STATUSES,
  RULE_TRIGGERS,
  type RuleVersion,
} from '../domain/rule.model.js';
import type { RuleRecord } from './rule.entity.js';

const DecisionSchema = new Schema<Partial<Decision>>(
  { body: String, date: String, reference: String, section: String },
  { _id: false, minimize: false },
);

const RuleVersionSchema = new Schema<RuleVersion>(
  {
    version: { type: Number, required: true },
    status: { type: String, enum: RULE_STATUSES, required: true },
    revision: { type: Number, required: true },
    action: { type: String, enum: RULE_ACTIONS, required: true },
    trigger: { type: String, enum: RULE_TRIGGERS, required: true },
    after: { type: String, default: null },
    preconditions: { type: [{ type: String, enum: RULE_PRECONDITIONS }], default: [] },
    schedule: { type: String, default: null },
    decision: { type: DecisionSchema, default: {} },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    activatedAt: Date,
    activatedBy: String,
    requestedBy: String,
    requestedByName: String,
    requestedAt: Date,
    approvedBy: String,
    approvedByName: String,
    supersededAt: Date,
    supersededBy: Number,
    retiredAt: Date,
  },
  { _id: false },
);

const ApprovalRequestSchema = new Schema<ApprovalRequest>(
  { version: Number, requestedBy: String, requestedByName: String, requesterKey: String, requestedAt: Date },
  { _id: false },
);

const ApprovalRejectionSchema = new Schema<ApprovalRejection>(
  { version: Number, requestedBy: String, rejectedBy: String, rejectedByName: String, rejectedAt: Date, reason: String },
  { _id: false },
);

const RetirementSchema = new Schema<Retirement>(
  { at: Date, by: String, byName: String, reason: String, version: { type: Number, default: null } },
  { _id: false },
);

/** The rules collection; its documents carry an embedded outbox the relay drains (ADR 0004). */
export const RULES_COLLECTION = 'rules';

export const RuleSchema = new Schema<RuleRecord>(
  {
    _id: { type: String, required: true },
    unit: { type: String, required: true },
    informationType: { type: String, required: true },
    versions: { type: [RuleVersionSchema], default: [] },
    activeVersion: { type: Number, default: null },
    draftVersion: { type: Number, default: null },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    /** The draft submitted for activation, until a second person approves or rejects it, or it is edited (ADR 0024). */
    approval: { type: ApprovalRequestSchema, default: null },
    lastRejection: { type: ApprovalRejectionSchema, default: null },
    retired: { type: RetirementSchema, default: null },
    /** Events written with the change that caused them (`retention.rule.activated.v1`), until the relay sends them. */
    outbox: { type: [OutboxEntrySchema], default: [] },
  },
  { collection: RULES_COLLECTION, versionKey: false, minimize: false },
);
RuleSchema.index({ unit: 1, informationType: 1 });

export const RULE_MODEL = 'RetentionRule';
