import { HttpStatus } from '@nestjs/common';
import type { ContractViolation } from '@insyn/contracts';
import type { LocalDate } from '@insyn/platform';
import {
  type ActiveRule,
  DECISION_BOUND_FIELDS,
  type Decision,
  type Rule,
  type RuleVersion,
  type RuleVersionContent,
} from './rule.model.js';
import { decisionViolations } from './rule.validation.js';

/**
 * The state changes of a rule as pure functions: each returns the rule's next versions (or why not),
 * and the repository writes them in one conditional update.
 */

export interface Refusal {
  status: HttpStatus;
  type: string;
  title: string;
  detail: string;
  errors?: ContractViolation[];
}

export type Planned<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const refuse = (status: HttpStatus, type: string, title: string, detail: string, errors?: ContractViolation[]): Planned<never> => ({
  ok: false,
  refusal: { status, type, title, detail, ...(errors ? { errors } : {}) },
});

/** Version 1 of a new rule, a draft. */
export function firstVersion(content: RuleVersionContent, at: Date, actor: string): RuleVersion {
  return { version: 1, status: 'draft', revision: 1, ...content, createdAt: at, createdBy: actor, updatedAt: at };
}

/** The draft's ETag: its version and edit count, e.g. `"2.3"`. */
export const draftTag = (version: RuleVersion): string => `"${version.version}.${version.revision}"`;

/** A retired rule takes no new versions, edits or activations (ADR 0024): a new rule is made instead. */
export function retiredRefusal(rule: Pick<Rule, 'ruleId' | 'retired'>): Planned<never> | null {
  if (!rule.retired) return null;
  return refuse(
    HttpStatus.CONFLICT,
    'rule-retired',
    'The rule is retired',
    `${rule.ruleId} was retired on ${rule.retired.at.toISOString()}; a retired rule never changes. Create a new rule instead.`,
  );
}

/** Adds a new draft version after the last one; refused while a draft exists (edit that one instead). */
export function addDraft(rule: Rule, content: RuleVersionContent, at: Date, actor: string): Planned<RuleVersion[]> {
  const retired = retiredRefusal(rule);
  if (retired) return retired;
  if (rule.draftVersion !== null)
    return refuse(
      HttpStatus.CONFLICT,
      'draft-exists',
      'A draft exists already',
      `Version ${rule.draftVersion} of ${rule.ruleId} is a draft; change it with PUT /v1/rules/${rule.ruleId}/draft.`,
    );
  const version = Math.max(0, ...rule.versions.map((v) => v.version)) + 1;
  const draft: RuleVersion = { version, status: 'draft', revision: 1, ...content, createdAt: at, createdBy: actor, updatedAt: at };
  return { ok: true, value: [...rule.versions, draft] };
}

/**
 * Replaces the content of the current draft, only as the caller read it: `ifMatch` (the draft's ETag) is
 * required (428 without it), and a draft changed meanwhile is not overwritten (412). The caller clears a
 * pending approval request with it: what was submitted is no longer what is there.
 */
export function replaceDraft(rule: Rule, content: RuleVersionContent, at: Date, ifMatch: string | undefined): Planned<RuleVersion[]> {
  const retired = retiredRefusal(rule);
  if (retired) return retired;
  if (ifMatch === undefined || ifMatch.trim() === '')
    return refuse(
      HttpStatus.PRECONDITION_REQUIRED,
      'precondition-required',
      'If-Match is required',
      `Send If-Match with the draft's ETag as you read it (GET /v1/rules/${rule.ruleId}), so that no one else's change is overwritten.`,
    );
  const draft = rule.versions.find((v) => v.version === rule.draftVersion && v.status === 'draft');
  if (!draft)
    return refuse(
      HttpStatus.CONFLICT,
      'no-draft',
      'No draft to replace',
      `${rule.ruleId} has no draft version; add one with POST /v1/rules/${rule.ruleId}/versions.`,
    );
  if (ifMatch.trim() !== '*' && !ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === draftTag(draft)))
    return refuse(
      HttpStatus.PRECONDITION_FAILED,
      'draft-changed',
      'The draft has changed',
      `The draft is at ${draftTag(draft)}, not ${ifMatch.trim()}; read it again and reapply your change.`,
    );
  const next: RuleVersion = { ...draft, ...content, revision: draft.revision + 1, updatedAt: at };
  return { ok: true, value: rule.versions.map((v) => (v === draft ? next : v)) };
}

/** The decision-bound parts (action, trigger, after, preconditions) that differ between two versions. */
export function decisionBoundChanges(from: RuleVersionContent, to: RuleVersionContent): string[] {
  return DECISION_BOUND_FIELDS.filter((field) => {
    if (field === 'preconditions') return [...from.preconditions].sort().join(',') !== [...to.preconditions].sort().join(',');
    return from[field] !== to[field];
  });
}

/** Diarienummer compare without regard to case and spacing: `KS 2024/113` is `ks  2024/113`. */
export function sameReference(a: string | undefined, b: string | undefined): boolean {
  const norm = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/**
 * Activates a draft version and supersedes the active one. Refused (422) without a complete decision
 * dated no later than `today`, and (409) when it changes what the active version decides (action,
 * trigger, after, preconditions) under the same decision reference: a change never applies
 * retroactively without a new decision. A schedule-only change may keep the decision.
 */
export function activate(rule: Rule, versionNumber: number, at: Date, actor: string, today: LocalDate): Planned<RuleVersion[]> {
  const retired = retiredRefusal(rule);
  if (retired) return retired;
  const target = rule.versions.find((v) => v.version === versionNumber);
  if (!target)
    return refuse(HttpStatus.NOT_FOUND, 'not-found', 'Not found', `Version ${versionNumber} of the rule ${rule.ruleId} was not found.`);
  if (target.status !== 'draft')
    return refuse(
      HttpStatus.CONFLICT,
      'not-a-draft',
      'Only a draft can be activated',
      `Version ${versionNumber} of ${rule.ruleId} is ${target.status}; active and superseded versions never change. Add a new version instead.`,
    );
  const missing = decisionViolations(target.decision, today);
  if (missing.length > 0)
    return refuse(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'decision-required',
      'A gallringsbeslut is required',
      `Version ${versionNumber} of ${rule.ruleId} cannot be activated without a complete decision (body, date, reference, section).`,
      missing,
    );
  const current = rule.versions.find((v) => v.version === rule.activeVersion && v.status === 'active');
  if (current) {
    const changed = decisionBoundChanges(current, target);
    if (changed.length > 0 && sameReference(current.decision.reference, target.decision.reference))
      return refuse(
        HttpStatus.CONFLICT,
        'decision-not-renewed',
        'A new decision is required',
        `Version ${versionNumber} changes ${changed.join(', ')} of the active version ${current.version} but cites the same decision ` +
          `(${current.decision.reference ?? ''}); a change never applies without a new decision.`,
        changed.map((field) => ({ field, messages: [`changed under the same decision reference ${current.decision.reference ?? ''}`] })),
      );
  }
  const next = rule.versions.map((v): RuleVersion => {
    if (v === target) return { ...v, status: 'active', activatedAt: at, activatedBy: actor, updatedAt: at };
    if (v === current) return { ...v, status: 'superseded', supersededAt: at, supersededBy: versionNumber, updatedAt: at };
    return v;
  });
  return { ok: true, value: next };
}

/** The rule's active version with its complete decision, or null when none is active. */
export function activeRuleOf(rule: Rule): ActiveRule | null {
  if (rule.retired) return null;
  const v = rule.versions.find((x) => x.version === rule.activeVersion && x.status === 'active');
  if (!v) return null;
  return {
    ruleId: rule.ruleId,
    unit: rule.unit,
    informationType: rule.informationType,
    version: v.version,
    action: v.action,
    trigger: v.trigger,
    after: v.after,
    preconditions: [...v.preconditions],
    schedule: v.schedule,
    decision: v.decision as Decision,
    activatedAt: v.activatedAt ?? v.updatedAt,
    activatedBy: v.activatedBy ?? v.createdBy,
    ...(v.approvedByName !== undefined ? { activatedByName: v.approvedByName } : {}),
  };
}
