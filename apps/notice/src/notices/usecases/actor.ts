import { type Principal, subjectKeysOf } from '@insyn/auth';

/** Who did it, for the record: an official by HSA-id, a system by client id. Never a personnummer. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'official') return `official:${principal.hsaId ?? principal.subject}`;
  return `${principal.kind}:${principal.subject}`;
}

/**
 * The stable person behind a caller, for four-eyes comparisons (ADR 0023): the kind and the subject (an
 * official's subject key, a system's client id), which a reissued HSA-id or a renamed client does not
 * change; during a rotation of SUBJECT_KEY_SECRET, her key under each secret (subjectKeysOf, ADR 0025).
 */
export function personsOf(principal: Principal): string[] {
  return subjectKeysOf(principal).map((key) => `${principal.kind}:${key}`);
}

/** The caller as a {@link Party} of an approval. */
export function partyOf(principal: Principal): { actor: string; persons: string[] } {
  return { actor: actorOf(principal), persons: personsOf(principal) };
}
