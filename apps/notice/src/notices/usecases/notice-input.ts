import { Problems } from '@insyn/observability';
import type { Notice } from '../domain/notice.model.js';
import { validateNotice, type Violation } from '../domain/notice.validation.js';

/**
 * A draft as parsed: the fields it has are valid, and all but its id may be missing until it is published.
 * It is stored as the plain object it came as.
 */
export type NoticeDraft = Record<string, unknown> & Partial<Notice> & Pick<Notice, 'id'>;

/** Fields the service sets when it publishes; a draft never carries them. */
const SERVICE_FIELDS = ['version', 'publishedAt'] as const;

/** Messages that say something is missing, not wrong: a draft may lack it until it is published. */
const MISSING = /^is required|^must have at least one item|needs at least/;

/**
 * The fields a complete notice needs that this one lacks, each named (with why, where a rule needs it):
 * what stands between a draft and publishing.
 */
export function missingFields(notice: unknown): Violation[] {
  return validateNotice(notice)
    .map((v) => ({ field: v.field, messages: v.messages.filter((m) => MISSING.test(m)) }))
    .filter((v) => v.messages.length > 0 && v.field !== 'version' && v.field !== 'publishedAt');
}

/** The validator's verdict on a draft as a type: nothing wrong with it (missing fields aside) makes it a NoticeDraft. */
const isDraft = (draft: Record<string, unknown>, violations: readonly Violation[]): draft is NoticeDraft => violations.length === 0;

/**
 * Turns a request body (already parsed from JSON or YAML) into a draft notice, or throws a 400 problem
 * naming every offending field. A draft may be incomplete (only its `id` is needed): what it has must be
 * right, what it lacks is named when it is published. Nothing is stored before this has passed.
 */
export function parseDraft(input: unknown, expectedId?: string): NoticeDraft {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw Problems.validation([{ field: '', messages: ['a notice must be an object'] }]);
  }
  const draft: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const f of SERVICE_FIELDS) delete draft[f];
  if (expectedId !== undefined && draft.id !== undefined && draft.id !== expectedId) {
    throw Problems.validation([{ field: 'id', messages: [`id must be ${expectedId}, the notice being edited`] }]);
  }
  if (expectedId !== undefined) draft.id = expectedId;
  // The validator checks every field of a complete notice; `version` is what publishing will set. What is
  // missing is left for publishing, except the id, which names the notice.
  const violations = validateNotice({ ...draft, version: 1 })
    .filter((v) => v.field !== 'version' && v.field !== 'publishedAt')
    .map((v) => ({ field: v.field, messages: v.field === 'id' ? v.messages : v.messages.filter((m) => !MISSING.test(m)) }))
    .filter((v) => v.messages.length > 0);
  if (!isDraft(draft, violations)) throw Problems.validation(violations, 'The notice has invalid fields; see errors.');
  return draft;
}

/**
 * A published version must be complete and pass every rule at the moment it is published (rules evolve);
 * otherwise a 422 names every field, the missing ones first.
 */
export function assertPublishable(notice: unknown): asserts notice is Notice {
  const violations = validateNotice(notice);
  if (violations.length === 0) return;
  const missing = missingFields(notice);
  const detail = missing.length
    ? `The draft is not complete: ${missing.map((v) => v.field || '(notice)').join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; see errors.`
    : 'The draft cannot be published as it is; see errors.';
  throw Problems.unprocessable(violations, detail);
}
