import { describe, expect, it } from '@jest/globals';
import { bearerChallenge, invalidToken, notAdmitted, tokenMissing } from './access-refused.js';
import type { Principal } from './principal.js';

const client = (scopes: string[]): Principal => ({ kind: 'client', subject: 'case-system', roles: [], scopes });
const official = (roles: string[]): Principal => ({ kind: 'official', subject: 'o1', roles, scopes: [] });
const citizen = (loa: number): Principal => ({ kind: 'citizen', subject: 'sk1_a', roles: [], scopes: [], loa });

describe('the access guard’s refusals (RFC 6750 challenges and problem bodies)', () => {
  it('answers no token at all with the scheme and realm only (RFC 6750 3.1: no error code)', () => {
    const refused = tokenMissing();
    expect(refused.getStatus()).toBe(401);
    expect(refused.headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="insyn"' });
    expect(refused.problemType).toBe('token-missing');
  });

  it('answers a refused token with invalid_token and the reason in the challenge and the body', () => {
    const refused = invalidToken('expired');
    expect(refused.getStatus()).toBe(401);
    expect(refused.headers['WWW-Authenticate']).toBe('Bearer realm="insyn", error="invalid_token", error_description="expired"');
    expect(refused.problemType).toBe('invalid-token');
    expect(refused.extensions).toEqual({ reason: 'expired' });
    expect(refused.getResponse()).toMatchObject({ detail: 'The access token has expired; get a new one.' });
    expect(invalidToken('wrong-audience').headers['WWW-Authenticate']).toContain('error_description="wrong-audience"');
  });

  it('tells a system the scopes that would do, as insufficient_scope', () => {
    const refused = notAdmitted({ officialRoles: ['dpo'], clientScopes: ['notice:read', 'notice:write'] }, client(['messages:read']));
    expect(refused.getStatus()).toBe(403);
    expect(refused.headers['WWW-Authenticate']).toBe('Bearer realm="insyn", error="insufficient_scope", scope="notice:read notice:write"');
    expect(refused.problemType).toBe('insufficient-scope');
    expect(refused.extensions).toEqual({ requiredScopes: ['notice:read', 'notice:write'] });
    expect(refused.getResponse()).toMatchObject({ detail: expect.stringContaining('notice:read or notice:write') });
    // A route no scope opens: still insufficient_scope, with no scope to name.
    const closed = notAdmitted({ officialRoles: ['dpo'] }, client(['messages:read']));
    expect(closed.headers['WWW-Authenticate']).toBe('Bearer realm="insyn", error="insufficient_scope"');
    expect(closed.getResponse()).toMatchObject({ detail: 'This operation is not open to municipal systems, whatever their scopes.' });
  });

  it('tells a person what the route is for, without a Bearer challenge (a person’s token has no scopes)', () => {
    const policy = { citizen: { minLoa: 3 }, officialRoles: ['messages-handler'] };
    expect(notAdmitted(policy, official(['dpo'])).getResponse()).toMatchObject({ detail: expect.stringContaining('messages-handler') });
    expect(notAdmitted(policy, citizen(2)).getResponse()).toMatchObject({ detail: expect.stringContaining('assurance level 3') });
    expect(notAdmitted({ clientScopes: ['consent:read'] }, citizen(3)).getResponse()).toMatchObject({
      detail: 'This operation is not open to citizens.',
    });
    expect(notAdmitted(policy, official([])).headers).toEqual({});
    expect(notAdmitted(policy, official([])).problemType).toBe('not-admitted');
  });

  it('quotes every attribute and leaves out those without a value', () => {
    expect(bearerChallenge({ error: 'invalid_token', error_description: undefined })).toBe('Bearer realm="insyn", error="invalid_token"');
  });
});
