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
