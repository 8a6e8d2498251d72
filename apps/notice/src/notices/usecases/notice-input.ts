import { Problems } from '@insyn/observability';
import type { Notice } from '../domain/notice.model.js';
import { validateNotice } from '../domain/notice.validation.js';

/** Fields the service sets when it publishes; a draft never carries them. */
const SERVICE_FIELDS = ['version', 'publishedAt'] as const;

/**
 * Turns a request body (already parsed from JSON or YAML) into a draft notice, or throws a 400 problem
 * naming every offending field. Nothing is stored before this has passed.
 */
export function parseDraft(input: unknown, expectedId?: string): Notice {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw Problems.validation([{ field: '', messages: ['a notice must be an object'] }]);
  }
  const draft: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const f of SERVICE_FIELDS) delete draft[f];
  if (expectedId !== undefined && draft.id !== undefined && draft.id !== expectedId) {
    throw Problems.validation([{ field: 'id', messages: [`id must be ${expectedId}, the notice being edited`] }]);
  }
  if (expectedId !== undefined) draft.id = expectedId;
  // The validator checks every field of a complete notice; `version` is what publishing will set.
  const violations = validateNotice({ ...draft, version: 1 }).filter((v) => v.field !== 'version' && v.field !== 'publishedAt');
  if (violations.length > 0) throw Problems.validation(violations, 'The notice has invalid fields; see errors.');
  return draft as unknown as Notice;
}

/** A published version must still pass every rule at the moment it is published (rules evolve). */
export function assertPublishable(notice: Notice): void {
  const violations = validateNotice(notice);
  if (violations.length > 0) throw Problems.unprocessable(violations, 'The draft cannot be published as it is; see errors.');
}
