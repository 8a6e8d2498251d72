import type { RuleActivatedV1, RuleRetiredV1 } from '@insyn/contracts';
import type { Decision, Retirement, Rule, RuleVersion } from './rule.model.js';

/**
 * What `retention.rule.activated.v1` says about a version that has just become active: the whole
 * version and its gallringsbeslut, so a consumer (the notice service) needs no call back, and who
 * submitted and approved it (officials by HSA-id; their names stay in the rule's own record).
 */
export function ruleActivated(rule: Pick<Rule, 'ruleId' | 'unit' | 'informationType'>, version: RuleVersion, at: Date): RuleActivatedV1 {
  const decision = version.decision as Decision;
  return {
    ruleId: rule.ruleId,
    version: version.version,
    unit: rule.unit,
    informationType: rule.informationType,
    action: version.action,
    trigger: version.trigger,
    after: version.after,
    preconditions: [...version.preconditions],
    decision: { body: decision.body, date: decision.date, reference: decision.reference, section: decision.section },
    activatedAt: (version.activatedAt ?? at).toISOString(),
    ...(version.requestedBy !== undefined ? { requestedBy: version.requestedBy } : {}),
    ...(version.approvedBy !== undefined ? { approvedBy: version.approvedBy } : {}),
  };
}

/** What `retention.rule.retired.v1` says: which rule and version stopped governing, when and by whom; not why. */
export function ruleRetired(rule: Pick<Rule, 'ruleId' | 'unit' | 'informationType'>, retirement: Retirement): RuleRetiredV1 {
  return {
    ruleId: rule.ruleId,
    version: retirement.version,
    unit: rule.unit,
    informationType: rule.informationType,
    retiredAt: retirement.at.toISOString(),
    retiredBy: retirement.by,
  };
}
