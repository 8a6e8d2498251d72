import { Schema } from 'mongoose';
import type { GoverningRuleRecord, RuleRetirementRecord } from './governing-rule.entity.js';

export const GOVERNING_RULES_COLLECTION = 'governing_rules';

export const GoverningRuleSchema = new Schema<GoverningRuleRecord>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    unit: { type: String, required: true },
    informationType: { type: String, required: true },
    action: { type: String, required: true },
    trigger: { type: String, required: true },
    after: { type: String, default: null },
    preconditions: { type: [String], default: [] },
    decision: {
      type: new Schema({ body: String, date: String, reference: String, section: String }, { _id: false }),
      required: true,
    },
    activatedAt: { type: String, required: true },
    eventId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: GOVERNING_RULES_COLLECTION, versionKey: false, minimize: false },
);

export const GOVERNING_RULE_MODEL = 'GoverningRule';

export const RULE_RETIREMENTS_COLLECTION = 'governing_rule_retirements';

export const RuleRetirementSchema = new Schema<RuleRetirementRecord>(
  {
    _id: { type: String, required: true },
    version: { type: Number, default: null },
    retiredAt: { type: String, required: true },
    eventId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: RULE_RETIREMENTS_COLLECTION, versionKey: false, minimize: false },
);

export const RULE_RETIREMENT_MODEL = 'GoverningRuleRetirement';
