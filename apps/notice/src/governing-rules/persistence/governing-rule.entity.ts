import type { RuleAction, RuleDecision, RulePrecondition, RuleTrigger } from '../domain/governing-rule.js';

/** The stored shape of one governing rule: `_id` is the rule id, and only its highest announced version is kept. */
export interface GoverningRuleRecord {
  _id: string;
  version: number;
  unit: string;
  informationType: string;
  action: RuleAction;
  trigger: RuleTrigger;
  after: string | null;
  preconditions: RulePrecondition[];
  decision: RuleDecision;
  activatedAt: string;
  /** The event that brought this version, for tracing. */
  eventId: string;
  receivedAt: Date;
}

/**
 * The stored retirement of one rule: `_id` is the rule id. Apart from the rules, because it may come
 * before any activation of the rule is heard, and because it is written once and never changed.
 */
export interface RuleRetirementRecord {
  _id: string;
  /** The version that was active when the rule was retired; null when none was. */
  version: number | null;
  retiredAt: string;
  /** The event that brought it, for tracing. */
  eventId: string;
  receivedAt: Date;
}
