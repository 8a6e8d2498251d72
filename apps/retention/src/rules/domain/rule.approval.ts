import { HttpStatus } from '@nestjs/common';
import type { LocalDate } from '@insyn/platform';
import type { ApprovalRejection, ApprovalRequest, Performer, Retirement, Rule, RuleVersion } from './rule.model.js';
import { activate, type Planned, refuse, retiredRefusal } from './rule.versioning.js';

/**
 * Four-eyes activation (ADR 0024) and retirement as pure functions. A draft is submitted for approval by
 * one person and activated only when a second one (a DPO or retention approver) approves it; editing the
 * draft or a rejection clears the request. A rule is retired by one person, with a reason.
 */

const nameOf = (p: Performer) => (p.name !== undefined ? { name: p.name } : {});

/**
 * Submits the draft `version` for approval. Everything activation checks (a complete decision, a new one
 * for a changed period) is checked now, so the approver is never asked to approve what would be refused.
 */
export function requestActivation(rule: Rule, version: number, at: Date, requester: Performer, today: LocalDate): Planned<ApprovalRequest> {
  const checked = activate(rule, version, at, requester.id, today);
  if (!checked.ok) return checked;
  if (rule.approval)
    return refuse(
      HttpStatus.CONFLICT,
      'approval-pending',
      'Already waiting for approval',
      `Version ${rule.approval.version} of ${rule.ruleId} was submitted on ${rule.approval.requestedAt.toISOString()} and waits for a second person's approval.`,
    );
  const { name } = nameOf(requester);
  return {
    ok: true,
    value: {
      version,
      requestedBy: requester.id,
      ...(name !== undefined ? { requestedByName: name } : {}),
      ...(requester.key !== undefined ? { requesterKey: requester.key } : {}),
      requestedAt: at,
    },
  };
}

/** The pending request for `version`, or why there is none to decide (409). */
function pendingFor(rule: Rule, version: number): Planned<ApprovalRequest> {
  const retired = retiredRefusal(rule);
  if (retired) return retired;
  const pending = rule.approval;
  if (!pending || pending.version !== version || rule.draftVersion !== version)
    return refuse(
      HttpStatus.CONFLICT,
      'nothing-pending',
      'Nothing waits for approval',
      pending
        ? `Version ${pending.version} of ${rule.ruleId} waits for approval, not version ${version}.`
        : `No version of ${rule.ruleId} waits for approval; submit the draft with POST /v1/rules/${rule.ruleId}/versions/${rule.draftVersion ?? version}/activate.`,
    );
  return { ok: true, value: pending };
}

/**
 * Activates the submitted draft as {@link activate} does, by a second person: the requester may not
 * approve her own request (403), recognised by her HSA-id or by her stable subject (a new card). The
 * version keeps who asked and who approved.
 */
export function approveActivation(rule: Rule, version: number, at: Date, approver: Performer, today: LocalDate): Planned<RuleVersion[]> {
  const pending = pendingFor(rule, version);
  if (!pending.ok) return pending;
  const samePerson =
    pending.value.requestedBy === approver.id || (pending.value.requesterKey !== undefined && pending.value.requesterKey === approver.key);
  if (samePerson)
    return refuse(
      HttpStatus.FORBIDDEN,
      'four-eyes',
      'A second person must approve',
      `You submitted version ${version} of ${rule.ruleId} for activation; another official with the dpo or retention-approver role approves it.`,
    );
  const planned = activate(rule, version, at, approver.id, today);
  if (!planned.ok) return planned;
  const request = pending.value;
  return {
    ok: true,
    value: planned.value.map((v) =>
      v.version === version
        ? {
            ...v,
            requestedBy: request.requestedBy,
            ...(request.requestedByName !== undefined ? { requestedByName: request.requestedByName } : {}),
            requestedAt: request.requestedAt,
            approvedBy: approver.id,
            ...(approver.name !== undefined ? { approvedByName: approver.name } : {}),
          }
        : v,
    ),
  };
}

/** Refuses the submitted draft: the request is cleared, the draft stays to be edited, and the reason is kept. */
export function rejectActivation(rule: Rule, version: number, at: Date, rejecter: Performer, reason: string): Planned<ApprovalRejection> {
  const pending = pendingFor(rule, version);
  if (!pending.ok) return pending;
  return {
    ok: true,
    value: {
      version,
      requestedBy: pending.value.requestedBy,
      rejectedBy: rejecter.id,
      ...(rejecter.name !== undefined ? { rejectedByName: rejecter.name } : {}),
      rejectedAt: at,
      reason,
    },
  };
}

/**
 * Retires a rule: its active version becomes `retired`, so runs and forecasts select nothing by it, and
 * any request for approval is dropped. Refused (409) when it is retired already.
 */
export function retire(rule: Rule, at: Date, by: Performer, reason: string): Planned<{ versions: RuleVersion[]; retirement: Retirement }> {
  if (rule.retired)
    return refuse(
      HttpStatus.CONFLICT,
      'already-retired',
      'The rule is retired already',
      `${rule.ruleId} was retired on ${rule.retired.at.toISOString()}.`,
    );
  const active = rule.versions.find((v) => v.version === rule.activeVersion && v.status === 'active');
  return {
    ok: true,
    value: {
      versions: rule.versions.map((v) => (v === active ? { ...v, status: 'retired', retiredAt: at, updatedAt: at } : v)),
      retirement: { at, by: by.id, ...(by.name !== undefined ? { byName: by.name } : {}), reason, version: active?.version ?? null },
    },
  };
}
