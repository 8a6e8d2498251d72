import type { Principal } from '@insyn/auth';
import type { DataSubjectRequest, LegalGroundCode, OfficialRef, PartDecision, PartOutcome } from './request.model.js';
import { extendedDueAt } from './legal-clock.js';

/** The roles that handle data-subject requests. */
export const HANDLER_ROLES = ['rights-handler', 'dpo'];

export function officialRef(p: Principal): OfficialRef {
  return {
    subjectKey: p.subject,
    role: HANDLER_ROLES.find((r) => p.roles.includes(r)) ?? p.roles[0] ?? 'official',
    ...(p.unit ? { unit: p.unit } : {}),
  };
}

/** Why a change to a request is refused; the use cases turn it into a problem. */
export type Refusal = { status: 409 | 422; type: string; detail: string };

/**
 * An extension (art. 12.3): once, by one or two months counted from receipt, and only within the first
 * month, since the person must be told of it and why within that month.
 */
export function planExtension(
  r: DataSubjectRequest,
  months: 1 | 2,
  now: Date,
): { ok: true; dueAt: Date } | { ok: false; refusal: Refusal } {
  if (r.status !== 'open') return { ok: false, refusal: { status: 409, type: 'request-closed', detail: `The request is ${r.status}.` } };
  if (r.extension)
    return {
      ok: false,
      refusal: {
        status: 409,
        type: 'already-extended',
        detail: 'The request has already been extended; art. 12.3 allows one extension of at most two months.',
      },
    };
  if (now.getTime() > r.dueAt.getTime())
    return {
      ok: false,
      refusal: {
        status: 422,
        type: 'extension-too-late',
        detail: 'An extension must be decided and told to the person within the first month (art. 12.3); that month has passed.',
      },
    };
  return { ok: true, dueAt: extendedDueAt(r.receivedAt, months) };
}

export interface DecisionInput {
  service: string;
  outcome: PartOutcome;
  ground: LegalGroundCode;
  note?: string;
}

/** The decisions after an official decides some parts: only parts that are in; a later decision replaces an earlier one. */
export function applyDecisions(
  r: DataSubjectRequest,
  inputs: DecisionInput[],
  by: OfficialRef,
  now: Date,
): { ok: true; decisions: PartDecision[] } | { ok: false; refusal: Refusal } {
  if (r.status !== 'open') return { ok: false, refusal: { status: 409, type: 'request-closed', detail: `The request is ${r.status}.` } };
  const unknown = inputs.filter((d) => !r.parts.some((p) => p.service === d.service)).map((d) => d.service);
  if (unknown.length > 0)
    return { ok: false, refusal: { status: 422, type: 'part-not-in', detail: `No part has come in from ${unknown.join(', ')}.` } };
  if (inputs.some((d) => d.outcome === 'done' && d.ground !== 'granted'))
    return {
      ok: false,
      refusal: { status: 422, type: 'ground-mismatch', detail: 'A part done in full is decided on the ground “granted”.' },
    };
  if (inputs.some((d) => d.outcome !== 'done' && d.outcome !== 'partly-done' && d.ground === 'granted'))
    return {
      ok: false,
      refusal: {
        status: 422,
        type: 'ground-mismatch',
        detail: 'A refusal or a part that does not apply needs the legal ground it rests on.',
      },
    };
  const decided = new Map(r.decisions.map((d) => [d.service, d]));
  for (const d of inputs) decided.set(d.service, { ...d, by, at: now });
  return { ok: true, decisions: [...decided.values()] };
}

/** An answer is closed only with every expected part in and every part decided. */
export function answerRefusal(r: DataSubjectRequest): Refusal | undefined {
  if (r.status !== 'open') return { status: 409, type: 'request-closed', detail: `The request is ${r.status}.` };
  const missing = r.expectedServices.filter((s) => !r.parts.some((p) => p.service === s));
  if (missing.length > 0) return { status: 409, type: 'parts-missing', detail: `Parts are still missing from ${missing.join(', ')}.` };
  const undecided = r.parts.filter((p) => !r.decisions.some((d) => d.service === p.service)).map((p) => p.service);
  if (undecided.length > 0)
    return { status: 409, type: 'parts-undecided', detail: `The parts of ${undecided.join(', ')} are not decided.` };
  return undefined;
}
