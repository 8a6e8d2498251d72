import type { Rule } from '../domain/rule.model.js';
import type { RuleRecord } from './rule.entity.js';

export function toRule(record: RuleRecord): Rule {
  const { _id, outbox: _outbox, approval, lastRejection, retired, ...rest } = record;
  return {
    ruleId: _id,
    ...rest,
    approval: approval ?? null,
    lastRejection: lastRejection ?? null,
    retired: retired ?? null,
    versions: record.versions.map((v) => ({ ...v, preconditions: [...v.preconditions], decision: { ...v.decision } })),
  };
}

export function toRecord(rule: Rule): RuleRecord {
  const { ruleId, ...rest } = rule;
  return {
    _id: ruleId,
    ...rest,
    approval: rule.approval ?? null,
    lastRejection: rule.lastRejection ?? null,
    retired: rule.retired ?? null,
    outbox: [],
  };
}
