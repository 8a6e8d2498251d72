import { parsePersonnummer, type SubjectKeyRing } from '@insyn/person';

/** The `typ` of the identity service's person assertion (a JWT, signed by identity, inside a JWE to this service). */
export const PERSON_ASSERTION_TYP = 'person-assertion+jwt';
/** How old an assertion may be: identity issues them for 120 s; the rest is clock skew. */
export const PERSON_ASSERTION_MAX_AGE_SECONDS = 180;

export type AssertionRefusal = 'unreadable' | 'invalid' | 'foreign';

/**
 * Whose personnummer a verified assertion (signature, issuer, audience, expiry already checked) carries, if it
 * is the caller's: its `sub` must be the subject key of the caller's own token, and the personnummer in it
 * must give that same subject key (under the current secret or, during a rotation, a previous one: a token
 * issued before the rotation names her by her previous key until it expires). A citizen can therefore never open a conversation in another person's
 * name, even with another person's assertion in hand.
 */
export function personOfAssertion(
  claims: Record<string, unknown>,
  callerSubjectKey: string,
  subjectKeys: SubjectKeyRing,
  now: Date,
): { ok: true; personnummer: string } | { ok: false; reason: AssertionRefusal } {
  if (typeof claims.personnummer !== 'string' || typeof claims.sub !== 'string') return { ok: false, reason: 'invalid' };
  const parsed = parsePersonnummer(claims.personnummer, { now });
  if (!parsed.ok) return { ok: false, reason: 'invalid' };
  if (claims.sub !== callerSubjectKey || !subjectKeys.matches(parsed.value.normalized, callerSubjectKey))
    return { ok: false, reason: 'foreign' };
  return { ok: true, personnummer: parsed.value.normalized };
}
