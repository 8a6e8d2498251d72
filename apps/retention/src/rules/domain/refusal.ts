import { ProblemException } from '@insyn/observability';
import type { Refusal } from './rule.versioning.js';

/** A refused state change as an RFC 9457 problem. */
export function problemOf(refusal: Refusal): ProblemException {
  return new ProblemException(refusal.status, refusal.type, refusal.title, refusal.detail, refusal.errors);
}
