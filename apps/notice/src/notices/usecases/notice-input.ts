import { type ProblemException, Problems } from '@insyn/observability';
import { isMissing, type MessageLanguage, say, textOf } from '../domain/notice.messages.js';
import type { Notice } from '../domain/notice.model.js';
import { noticeViolations, type MessageViolation, type Violation } from '../domain/notice.validation.js';
import { inLanguage } from '../domain/validation-kit.js';

/**
 * A draft as parsed: the fields it has are valid, and all but its id may be missing until it is published.
 * It is stored as the plain object it came as.
 */
export type NoticeDraft = Record<string, unknown> & Partial<Notice> & Pick<Notice, 'id'>;

/** Fields the service sets when it publishes; a draft never carries them. */
const SERVICE_FIELDS = ['version', 'publishedAt'] as const;

/**
 * A 400 or 422 problem whose messages are in `lang`, saying so in Content-Language (the problem filter
 * sets a typed problem's `headers` on the answer).
 */
export function inLanguageOf<E extends ProblemException>(problem: E, lang: MessageLanguage): E {
  return Object.assign(problem, { headers: { 'Content-Language': lang } });
}

/** The missing-field messages of a notice's violations, without the fields the service sets itself. */
function missingOf(violations: MessageViolation[]): MessageViolation[] {
  return violations
    .map((v) => ({ field: v.field, messages: v.messages.filter(isMissing) }))
    .filter((v) => v.messages.length > 0 && v.field !== 'version' && v.field !== 'publishedAt');
}

/**
 * The fields a complete notice needs that this one lacks, each named (with why, where a rule needs it):
 * what stands between a draft and publishing; in `lang` (English unless asked otherwise).
 */
export function missingFields(notice: unknown, lang: MessageLanguage = 'en'): Violation[] {
  return inLanguage(missingOf(noticeViolations(notice)), lang);
}

/** The validator's verdict on a draft as a type: nothing wrong with it (missing fields aside) makes it a NoticeDraft. */
const isDraft = (draft: Record<string, unknown>, violations: readonly MessageViolation[]): draft is NoticeDraft => violations.length === 0;

/**
 * Turns a request body (already parsed from JSON or YAML) into a draft notice, or throws a 400 problem
 * naming every offending field. A draft may be incomplete (only its `id` is needed): what it has must be
 * right, what it lacks is named when it is published. Nothing is stored before this has passed.
 */
export function parseDraft(input: unknown, expectedId?: string, lang: MessageLanguage = 'en'): NoticeDraft {
  const invalid = (violations: MessageViolation[], detail?: string) =>
    inLanguageOf(Problems.validation(inLanguage(violations, lang), detail), lang);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid([{ field: '', messages: [say('noticeNotObject')] }]);
  }
  const draft: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const f of SERVICE_FIELDS) delete draft[f];
  if (expectedId !== undefined && draft.id !== undefined && draft.id !== expectedId) {
    throw invalid([{ field: 'id', messages: [say('idMustBe', { id: expectedId })] }]);
  }
  if (expectedId !== undefined) draft.id = expectedId;
  // The validator checks every field of a complete notice; `version` is what publishing will set. What is
  // missing is left for publishing, except the id, which names the notice.
  const violations = noticeViolations({ ...draft, version: 1 })
    .filter((v) => v.field !== 'version' && v.field !== 'publishedAt')
    .map((v) => ({ field: v.field, messages: v.field === 'id' ? v.messages : v.messages.filter((m) => !isMissing(m)) }))
    .filter((v) => v.messages.length > 0);
  if (!isDraft(draft, violations)) throw invalid(violations, textOf(say('draftInvalid'), lang));
  return draft;
}

/**
 * A published version must be complete and pass every rule at the moment it is published (rules evolve);
 * otherwise a 422 names every field, the missing ones first; its messages in `lang`.
 */
export function assertPublishable(notice: unknown, lang: MessageLanguage = 'en'): asserts notice is Notice {
  const violations = noticeViolations(notice);
  if (violations.length === 0) return;
  const missing = missingOf(violations);
  const detail = textOf(
    missing.length ? say('draftIncomplete', { fields: missing.map((v) => v.field || '(notice)') }) : say('draftCannotPublish'),
    lang,
  );
  throw inLanguageOf(Problems.unprocessable(inLanguage(violations, lang), detail), lang);
}
