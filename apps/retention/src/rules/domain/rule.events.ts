import type { RuleActivatedV1 } from '@insyn/contracts';
import type { Decision, Rule, RuleVersion } from './rule.model.js';

/**
 * What `retention.rule.activated.v1` says about a version that has just become active: the whole
 * version and its gallringsbeslut, so a consumer (the notice service) needs no call back. No personal
 * data: who activated it stays in the rule's own record.
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
  };
}
