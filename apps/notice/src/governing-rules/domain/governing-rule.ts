import type { RuleActivatedV1, RuleRetiredV1 } from '@insyn/contracts';

/**
 * The rule that governs a retention statement, as the retention service last announced it: the active
 * version of a gallringsregel and the gallringsbeslut it rests on, and whether the rule has since been
 * retired. The notice service keeps its own copy (from `retention.rule.activated.v1` and
 * `retention.rule.retired.v1`) and never calls the retention service.
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
  /**
   * ISO 8601 instant the rule was retired; null while it governs. A retired rule selects nothing: the
   * information it governed is no longer deleted by it (ADR 0024).
   */
  retiredAt: string | null;
}

/**
 * A rule's retirement, as `retention.rule.retired.v1` announced it. Kept on its own, because it may be
 * heard before the activation it ends (the two are on different topics, in no order with each other).
 */
export interface RuleRetirement {
  ruleId: string;
  /** The version that was active when the rule was retired; null when none was. */
  version: number | null;
  /** ISO 8601 instant the rule was retired. */
  retiredAt: string;
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
    retiredAt: null,
  };
}

/** The retirement the event announces; not who retired the rule (the notices never say) nor why (the event does not). */
export function fromRetirement(data: RuleRetiredV1): RuleRetirement {
  return { ruleId: data.ruleId, version: data.version, retiredAt: data.retiredAt };
}

/**
 * `rule` as it stands once `retirement` is known: retired. A retirement is final (the retention service
 * never activates a retired rule again, ADR 0024), so an activation heard after it, whatever its version,
 * is one from before it, heard late: it may bring the rule's content, never undo the retirement. The
 * first retirement known stays (a second one is a redelivery of the same).
 */
export function withRetirement(rule: GoverningRule, retirement: Pick<RuleRetirement, 'retiredAt'> | undefined): GoverningRule {
  if (!retirement || rule.retiredAt !== null) return rule;
  return { ...rule, retiredAt: retirement.retiredAt };
}

/**
 * Whether `incoming` replaces `known`: only a higher version does. Activations may arrive late, twice or
 * out of order (a replay, a second relay); the highest version is the one in force.
 */
export function supersedes(incoming: Pick<GoverningRule, 'version'>, known: Pick<GoverningRule, 'version'> | undefined): boolean {
  return known === undefined || incoming.version > known.version;
}
