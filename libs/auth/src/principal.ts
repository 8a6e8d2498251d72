export type PrincipalKind = 'citizen' | 'official' | 'client';

/** The caller, as `req.user` (the passport way), built from a verified identity token. */
export interface Principal {
  kind: PrincipalKind;
  /** citizen/official: the subject key (keyed HMAC of the personnummer); client: the client id. */
  subject: string;
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
  return {
    kind,
    subject: sub,
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
