import type { RuleActivatedV1 } from '@insyn/contracts';

/**
 * The rule that governs a retention statement, as the retention service last announced it: the active
 * version of a gallringsregel and the gallringsbeslut it rests on. The notice service keeps its own copy
 * (from `retention.rule.activated.v1`) and never calls the retention service.
 */
export interface GoverningRule {
  ruleId: string;
  version: number;
  unit: string;
  informationType: string;
  action: RuleAction;
  trigger: RuleTrigger;
  /** ISO 8601 duration from the trigger (`P2Y`); null when the information is kept. */
  after: string | null;
  preconditions: RulePrecondition[];
  decision: RuleDecision;
  /** ISO 8601 instant the version became active. */
  activatedAt: string;
}

export type RuleAction = RuleActivatedV1['action'];
export type RuleTrigger = RuleActivatedV1['trigger'];
export type RulePrecondition = RuleActivatedV1['preconditions'][number];

export interface RuleDecision {
  body: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The diarienummer. */
  reference: string;
  /** The point of the gallringsplan. */
  section: string;
}

export function fromActivation(data: RuleActivatedV1): GoverningRule {
  return {
    ruleId: data.ruleId,
    version: data.version,
    unit: data.unit,
    informationType: data.informationType,
    action: data.action,
    trigger: data.trigger,
    after: data.after,
    preconditions: [...data.preconditions],
    decision: { body: data.decision.body, date: data.decision.date, reference: data.decision.reference, section: data.decision.section },
    activatedAt: data.activatedAt,
  };
}

/**
 * Whether `incoming` replaces `known`: only a higher version does. Activations may arrive late, twice or
 * out of order (a replay, a second relay); the highest version is the one in force.
 */
export function supersedes(incoming: Pick<GoverningRule, 'version'>, known: Pick<GoverningRule, 'version'> | undefined): boolean {
  return known === undefined || incoming.version > known.version;
}
