export type PrincipalKind = 'citizen' | 'official' | 'client';

/** The caller, as `req.user` (the passport way), built from a verified identity token. */
export interface Principal {
  kind: PrincipalKind;
  /** citizen/official: the subject key (keyed HMAC of the personnummer); client: the client id. */
  subject: string;
  /**
   * citizen/official, while SUBJECT_KEY_SECRET is rotated (ADR 0025): the person's keys under the previous
   * secrets (token claim `sub_prev`), so data stored under them is still hers. Look a person up with
   * {@link subjectKeysOf}, never with `subject` alone.
   */
  previousSubjects?: string[];
  name?: string;
  roles: string[];
  scopes: string[];
  unit?: string;
  hsaId?: string;
  /** Assurance level (2 or 3); citizens signing in with BankID or Freja have 3. */
  loa?: number;
  provider?: string;
  /** The identity session the token belongs to (citizens and officials). */
  sessionId?: string;
}

/** The claims of an Insyn access token, as issued by the identity service. */
export interface AccessTokenClaims {
  sub: string;
  /** The person's subject keys under previous secrets during a rotation of SUBJECT_KEY_SECRET (ADR 0025). */
  sub_prev?: string[];
  kind: PrincipalKind;
  name?: string;
  roles?: string[];
  scope?: string;
  unit?: string;
  hsa_id?: string;
  loa?: number;
  idp?: string;
  sid?: string;
}

export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const { sub, kind } = claims;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (kind !== 'citizen' && kind !== 'official' && kind !== 'client') return undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const previousSubjects = kind === 'client' ? [] : strings(claims.sub_prev).filter((k) => k.length > 0 && k !== sub);
  return {
    kind,
    subject: sub,
    ...(previousSubjects.length ? { previousSubjects } : {}),
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    roles: strings(claims.roles),
    scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
    ...(typeof claims.unit === 'string' ? { unit: claims.unit } : {}),
    ...(typeof claims.hsa_id === 'string' ? { hsaId: claims.hsa_id } : {}),
    ...(typeof claims.loa === 'number' ? { loa: claims.loa } : {}),
    ...(typeof claims.idp === 'string' ? { provider: claims.idp } : {}),
    ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
  };
}

/**
 * Every subject key the caller's data may be stored under: the token's `sub` first, then (during a rotation
 * of SUBJECT_KEY_SECRET) her keys under the previous secrets. A citizen's own data is looked up by all of
 * them (ADR 0025); a client has only its id.
 */
/** One person's subject keys (all of them during a rotation of SUBJECT_KEY_SECRET), or one key. */
export type SubjectKeyScope = string | readonly string[];

/** The keys of a {@link SubjectKeyScope}, for a query (`{ subjectKey: { $in: keysIn(scope) } }`) or a comparison. */
export function keysIn(scope: SubjectKeyScope): readonly string[] {
  return typeof scope === 'string' ? [scope] : scope;
}

export function subjectKeysOf(who: Pick<Principal, 'subject' | 'previousSubjects'>): string[] {
  return [who.subject, ...(who.previousSubjects ?? [])];
}
