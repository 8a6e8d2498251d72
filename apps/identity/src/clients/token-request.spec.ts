import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@insyn/observability';
import { parseTokenRequest } from './token-request.js';

const refusal = (body: unknown) => {
  try {
    parseTokenRequest(body);
  } catch (err) {
    return err instanceof ProblemException ? { status: err.getStatus(), ...err.extensions } : err;
  }
  throw new Error('accepted');
};

describe('parseTokenRequest (RFC 6749 3.1, 3.2, 4.4.2)', () => {
  it('reads the parameters it knows and ignores the others', () => {
    expect(parseTokenRequest({ grant_type: 'client_credentials', scope: 'a:b', resource: 'https://x', audience: ['a', 'b'] })).toEqual({
      grantType: 'client_credentials',
      scope: 'a:b',
    });
  });

  it('treats a parameter without a value as omitted', () => {
    expect(parseTokenRequest({ grant_type: 'client_credentials', scope: '', client_id: '', client_secret: '' })).toEqual({
      grantType: 'client_credentials',
    });
  });

  it('refuses a missing grant_type, a repeated or non-text known parameter and an overlong one as invalid_request', () => {
    for (const body of [
      undefined,
      {},
      { grant_type: '' },
      { grant_type: ['client_credentials', 'client_credentials'] },
      { grant_type: 'client_credentials', scope: 5 },
      { grant_type: 'client_credentials', client_id: 'x'.repeat(101) },
    ])
      expect(refusal(body)).toMatchObject({ status: 400, error: 'invalid_request', error_description: expect.any(String) });
  });
});
