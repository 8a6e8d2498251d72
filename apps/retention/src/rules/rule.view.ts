import type { ApprovalRejection, ApprovalRequest, Retirement, Rule, RuleVersion } from './domain/rule.model.js';

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
  requestedBy?: string;
  requestedByName?: string;
  requestedAt?: string;
  approvedBy?: string;
  approvedByName?: string;
  supersededAt?: string;
  supersededBy?: number;
  retiredAt?: string;
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
    ...(v.requestedBy ? { requestedBy: v.requestedBy } : {}),
    ...(v.requestedByName ? { requestedByName: v.requestedByName } : {}),
    ...(v.requestedAt ? { requestedAt: v.requestedAt.toISOString() } : {}),
    ...(v.approvedBy ? { approvedBy: v.approvedBy } : {}),
    ...(v.approvedByName ? { approvedByName: v.approvedByName } : {}),
    ...(v.supersededAt ? { supersededAt: v.supersededAt.toISOString() } : {}),
    ...(typeof v.supersededBy === 'number' ? { supersededBy: v.supersededBy } : {}),
    ...(v.retiredAt ? { retiredAt: v.retiredAt.toISOString() } : {}),
  };
}

/** Where a rule stands: in force, not yet in force (drafts only), or retired. */
export type RuleState = 'active' | 'draft' | 'retired';
export const ruleState = (rule: Rule): RuleState => (rule.retired ? 'retired' : rule.activeVersion !== null ? 'active' : 'draft');

export function approvalView(a: ApprovalRequest) {
  return {
    version: a.version,
    status: 'awaiting-approval' as const,
    requestedBy: a.requestedBy,
    ...(a.requestedByName ? { requestedByName: a.requestedByName } : {}),
    requestedAt: a.requestedAt.toISOString(),
  };
}

function rejectionView(r: ApprovalRejection) {
  return {
    version: r.version,
    requestedBy: r.requestedBy,
    rejectedBy: r.rejectedBy,
    ...(r.rejectedByName ? { rejectedByName: r.rejectedByName } : {}),
    rejectedAt: r.rejectedAt.toISOString(),
    reason: r.reason,
  };
}

function retirementView(r: Retirement) {
  return { at: r.at.toISOString(), by: r.by, ...(r.byName ? { byName: r.byName } : {}), reason: r.reason, version: r.version };
}

export function ruleView(rule: Rule) {
  return {
    ruleId: rule.ruleId,
    unit: rule.unit,
    informationType: rule.informationType,
    status: ruleState(rule),
    activeVersion: rule.activeVersion,
    draftVersion: rule.draftVersion,
    approval: rule.approval ? approvalView(rule.approval) : null,
    lastRejection: rule.lastRejection ? rejectionView(rule.lastRejection) : null,
    retired: rule.retired ? retirementView(rule.retired) : null,
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
    status: ruleState(rule),
    draftVersion: rule.draftVersion,
    approval: rule.approval ? approvalView(rule.approval) : null,
    retiredAt: rule.retired ? rule.retired.at.toISOString() : null,
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
