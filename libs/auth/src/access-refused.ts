import { HttpException, HttpStatus } from '@nestjs/common';
import type { AccessPolicy } from './access.js';
import type { Principal } from './principal.js';
import type { TokenRefusal } from './token-verifier.js';

/** The realm every Insyn API names in its Bearer challenges. */
export const REALM = 'insyn';

/**
 * A 401 or 403 from the access guard. The problem-details filter (libs/observability, which this library
 * cannot import) renders any HttpException with a `problemType` as an RFC 9457 problem of that type, with
 * `extensions` in the body and `headers` on the response.
 */
export class AccessRefused extends HttpException {
  constructor(
    status: 401 | 403,
    readonly problemType: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown>,
    readonly headers: Record<string, string>,
  ) {
    super({ title, detail }, status);
  }
}

/** What the problem's `detail` says for each refusal: what the caller can do about it. */
const REFUSALS: Record<TokenRefusal, string> = {
  malformed: 'The access token is not a well-formed JWT.',
  'not-an-access-token': 'The token is not an access token of the identity service (its type or algorithm).',
  'unknown-key': 'The token is signed with a key the identity service does not publish (any more); get a new token.',
  'invalid-signature': 'The token’s signature does not verify.',
  'wrong-issuer': 'The token was issued by another issuer than this installation’s identity service.',
  'wrong-audience': 'The token was issued for another audience.',
  'invalid-claims': 'The token lacks a claim an access token has (sub, kind, exp) or has one of the wrong type.',
  expired: 'The access token has expired; get a new one.',
  'not-yet-valid': 'The access token is not valid yet (nbf); check the clocks.',
};

/**
 * An RFC 6750 section 3 challenge. Attribute values are quoted-strings: none of ours holds `"` or `\`,
 * and the scope tokens are RFC 6749 scope tokens, which cannot.
 */
export function bearerChallenge(attributes: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries({ realm: REALM, ...attributes }).filter(([, v]) => v !== undefined);
  return `Bearer ${pairs.map(([k, v]) => `${k}="${v}"`).join(', ')}`;
}

/** No token at all: the challenge names only the scheme and realm (RFC 6750 3.1: no error code). */
export function tokenMissing(): AccessRefused {
  return new AccessRefused(
    HttpStatus.UNAUTHORIZED,
    'token-missing',
    'Access token required',
    'Send an access token from the identity service in the header `Authorization: Bearer <token>`.',
    {},
    { 'WWW-Authenticate': bearerChallenge() },
  );
}

/** A token was sent and refused: `invalid_token`, and which refusal, in the header and the body. */
export function invalidToken(reason: TokenRefusal): AccessRefused {
  return new AccessRefused(
    HttpStatus.UNAUTHORIZED,
    'invalid-token',
    'Invalid access token',
    REFUSALS[reason],
    { reason },
    { 'WWW-Authenticate': bearerChallenge({ error: 'invalid_token', error_description: reason }) },
  );
}

/**
 * A valid token whose caller the route's policy does not admit. A municipal system (a client token) is told
 * the scopes the route takes, any one of which would do (RFC 6750 `insufficient_scope`); a person is told
 * what kind of caller or role the route is for, which the OpenAPI document says anyway.
 */
export function notAdmitted(policy: Exclude<AccessPolicy, { public: true }>, user: Principal): AccessRefused {
  if (user.kind === 'client') {
    const scopes = policy.clientScopes ?? [];
    return new AccessRefused(
      HttpStatus.FORBIDDEN,
      'insufficient-scope',
      'Insufficient scope',
      scopes.length > 0
        ? `This operation needs a token with the scope ${scopes.join(' or ')}; ask for it at the token endpoint (the client must be registered for it).`
        : 'This operation is not open to municipal systems, whatever their scopes.',
      { requiredScopes: scopes },
      {
        'WWW-Authenticate': bearerChallenge({
          error: 'insufficient_scope',
          ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
        }),
      },
    );
  }
  return new AccessRefused(HttpStatus.FORBIDDEN, 'not-admitted', 'Forbidden', notAdmittedDetail(policy, user), {}, {});
}

function notAdmittedDetail(policy: Exclude<AccessPolicy, { public: true }>, user: Principal): string {
  if (user.kind === 'citizen')
    return policy.citizen
      ? `This operation needs a sign-in at assurance level ${policy.citizen.minLoa ?? 3} or higher.`
      : 'This operation is not open to citizens.';
  if (policy.officialRoles?.length) return `This operation needs one of the roles ${policy.officialRoles.join(', ')}.`;
  return 'This operation is not open to officials.';
}
