import { invalidRequest } from './oauth-error.js';

/** A token request as RFC 6749 reads it: known parameters only, empty ones as omitted. */
export interface TokenRequest {
  grantType: string;
  scope?: string;
  clientId?: string;
  clientSecret?: string;
}

const LIMITS = { grant_type: 100, scope: 1000, client_id: 100, client_secret: 200 } as const;
type Known = keyof typeof LIMITS;

/**
 * Reads the form body of `POST /oauth/token` (RFC 6749 3.2, 4.4.2). The server MUST ignore parameters it
 * does not know (`resource`, `audience`, ...), so this reads the ones it knows and nothing else. A
 * parameter sent without a value is treated as omitted (3.1); one sent twice, or not as text, is an
 * `invalid_request` (3.1), as is a missing `grant_type`.
 */
export function parseTokenRequest(body: unknown): TokenRequest {
  const form = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const read = (name: Known): string | undefined => {
    if (!Object.hasOwn(form, name)) return undefined;
    const value = form[name];
    if (Array.isArray(value)) throw invalidRequest(`The parameter ${name} must not be sent more than once.`);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw invalidRequest(`The parameter ${name} must be text (send the request form-encoded).`);
    if (value.length > LIMITS[name]) throw invalidRequest(`The parameter ${name} is longer than ${LIMITS[name]} characters.`);
    return value;
  };
  const grantType = read('grant_type');
  if (!grantType) throw invalidRequest('The parameter grant_type is required.');
  const scope = read('scope');
  const clientId = read('client_id');
  const clientSecret = read('client_secret');
  return {
    grantType,
    ...(scope !== undefined ? { scope } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientSecret !== undefined ? { clientSecret } : {}),
  };
}
