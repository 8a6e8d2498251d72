import type { Rule, RuleVersion } from './domain/rule.model.js';

/** JSON representations of rules; dates as ISO 8601 strings. */

export interface RuleVersionView {
  version: number;
  status: RuleVersion['status'];
  action: RuleVersion['action'];
  trigger: RuleVersion['trigger'];
  after: string | null;
  preconditions: RuleVersion['preconditions'];
  schedule: string | null;
  decision: RuleVersion['decision'];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  activatedAt?: string;
  activatedBy?: string;
  supersededAt?: string;
  supersededBy?: number;
}

export function versionView(v: RuleVersion): RuleVersionView {
  return {
    version: v.version,
    status: v.status,
    action: v.action,
    trigger: v.trigger,
    after: v.after,
    preconditions: v.preconditions,
    schedule: v.schedule,
    decision: v.decision,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    updatedAt: v.updatedAt.toISOString(),
    ...(v.activatedAt ? { activatedAt: v.activatedAt.toISOString() } : {}),
    ...(v.activatedBy ? { activatedBy: v.activatedBy } : {}),
    ...(v.supersededAt ? { supersededAt: v.supersededAt.toISOString() } : {}),
    ...(typeof v.supersededBy === 'number' ? { supersededBy: v.supersededBy } : {}),
  };
}

export function ruleView(rule: Rule) {
  return {
    ruleId: rule.ruleId,
    unit: rule.unit,
    informationType: rule.informationType,
    activeVersion: rule.activeVersion,
    draftVersion: rule.draftVersion,
    createdAt: rule.createdAt.toISOString(),
    createdBy: rule.createdBy,
    updatedAt: rule.updatedAt.toISOString(),
    versions: rule.versions.map(versionView),
  };
}

/** One line of the list: the rule and a summary of its active version. */
export function ruleSummary(rule: Rule) {
  const active = rule.versions.find((v) => v.version === rule.activeVersion && v.status === 'active');
  return {
    ruleId: rule.ruleId,
    unit: rule.unit,
    informationType: rule.informationType,
    draftVersion: rule.draftVersion,
    active: active
      ? {
          version: active.version,
          action: active.action,
          trigger: active.trigger,
          after: active.after,
          preconditions: active.preconditions,
          schedule: active.schedule,
          decision: active.decision,
          activatedAt: active.activatedAt?.toISOString() ?? null,
        }
      : null,
    href: `/v1/rules/${rule.ruleId}`,
  };
}
