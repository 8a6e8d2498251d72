// The token endpoint as standard OAuth 2.0 clients expect it (RFC 6749, RFC 9068), driven by
// openid-client (oauth4webapi underneath: strict about content types and error bodies) and by hand
// where a client library would hide what the server answered. Real Kafka and MongoDB.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { TokenVerifier } from '@insyn/auth';
import { createTestApp, useTestEnvironment } from '@insyn/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import request from 'supertest';
import { freePort } from './identity-harness.js';

useTestEnvironment();
const port = await freePort();
const issuer = `http://127.0.0.1:${port}`;
const SECRET = 'oauth-e2e-secret-0123456789';
Object.assign(process.env, {
  PORT: String(port),
  DOCS_ENABLED: 'false',
  IDENTITY_ISSUER: issuer,
  AUTH_ISSUER: issuer,
  AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
  // Another service's Swagger UI (its /docs) may ask for a token from the browser.
  TOKEN_CORS_ORIGINS: 'http://127.0.0.1:3003, http://docs.kommun.example',
  IDENTITY_BOOTSTRAP_CLIENTS: JSON.stringify([
    { clientId: 'archive-system', secret: SECRET, scopes: ['messages:read', 'messages:archive'], unit: 'kommunarkivet' },
  ]),
});
const { AppModule, SERVICE } = await import('../../apps/identity/src/testing.js');

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
];

describe('POST /oauth/token as standard OAuth 2.0 clients expect it', () => {
  let app: INestApplication;
  const verifier = new TokenVerifier({ issuer, audience: 'insyn', jwksUrl: `${issuer}/.well-known/jwks.json` });
  const server = new oidc.Configuration(
    { issuer, token_endpoint: `${issuer}/oauth/token` },
    'archive-system',
    undefined,
    oidc.ClientSecretBasic(SECRET),
  );
  oidc.allowInsecureRequests(server);
  const post = (form: string, auth?: string) => {
    const r = request(issuer).post('/oauth/token').type('form').send(form);
    return auth ? r.set('Authorization', auth) : r;
  };

  /** What RFC 6749 5.2 asks of every error answer, whatever caused it. */
  function expectOAuthError(res: request.Response, status: number, error: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as { error?: unknown; error_description?: unknown; status?: unknown };
    expect(body.error).toBe(error);
    expect(OAUTH_ERRORS).toContain(body.error);
    if (body.error_description !== undefined) expect(body.error_description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]+$/);
    expect(body.status).toBe(status); // the RFC 9457 problem fields stay beside the OAuth ones
  }

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    await app.listen(port, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('openid-client gets a token while sending parameters the server does not know (resource, audience): they are ignored', async () => {
    const tokens = await oidc.clientCredentialsGrant(server, {
      scope: 'messages:read',
      resource: 'https://messages.insyn.test/',
      audience: 'insyn',
    });
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'messages:read' });
    expect(await verifier.verify(tokens.access_token)).toMatchObject({
      kind: 'client',
      subject: 'archive-system',
      scopes: ['messages:read'],
    });
    await post('grant_type=client_credentials&audience=insyn&foo=&bar=1&bar=2', basic('archive-system', SECRET)).expect(200);
  });

  it('the access token is an RFC 9068 JWT with client_id', async () => {
    const tokens = await oidc.clientCredentialsGrant(server);
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ iss: issuer, aud: 'insyn', sub: 'archive-system', client_id: 'archive-system' });
    for (const claim of ['exp', 'iat', 'jti']) expect(claims[claim]).toBeDefined();
  });

  it('an empty scope is an omitted one: the client’s registered scopes, never an empty scope', async () => {
    const res = await post('grant_type=client_credentials&scope=', basic('archive-system', SECRET)).expect(200);
    expect((res.body as { scope: string }).scope).toBe('messages:read messages:archive');
    expect((await oidc.clientCredentialsGrant(server, { scope: '' })).scope).toBe('messages:read messages:archive');
    expectOAuthError(await post('grant_type=client_credentials&scope=%20', basic('archive-system', SECRET)), 400, 'invalid_scope');
  });

  it('a client authenticating with Basic may name itself with client_id in the body, not another client', async () => {
    await post('grant_type=client_credentials&client_id=archive-system', basic('archive-system', SECRET)).expect(200);
    expectOAuthError(
      await post('grant_type=client_credentials&client_id=case-system', basic('archive-system', SECRET)),
      400,
      'invalid_request',
    );
    expectOAuthError(
      await post(`grant_type=client_credentials&client_secret=${SECRET}`, basic('archive-system', SECRET)),
      400,
      'invalid_request',
    );
  });

  it('answers CORS for the configured origins only, so another service’s Swagger UI can Authorize', async () => {
    const preflight = await request(issuer)
      .options('/oauth/token')
      .set('Origin', 'http://127.0.0.1:3003')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'http://127.0.0.1:3003',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Authorization, Content-Type',
    });
    const token = await post('grant_type=client_credentials', basic('archive-system', SECRET)).set('Origin', 'http://docs.kommun.example');
    expect(token.status).toBe(200);
    expect(token.headers['access-control-allow-origin']).toBe('http://docs.kommun.example');
    // Any other origin: no CORS headers, so the browser keeps the answer from the page.
    const foreign = await post('grant_type=client_credentials', basic('archive-system', SECRET)).set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const foreignPreflight = await request(issuer).options('/oauth/token').set('Origin', 'https://evil.example');
    expect(foreignPreflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreignPreflight.status).not.toBe(204);
  });

  it('every error is an RFC 6749 error response, whatever went wrong', async () => {
    const auth = basic('archive-system', SECRET);
    expectOAuthError(await post('', auth), 400, 'invalid_request'); // no grant_type at all
    expectOAuthError(await post('grant_type=', auth), 400, 'invalid_request'); // an empty one is omitted
    expectOAuthError(await post('grant_type=client_credentials&grant_type=client_credentials', auth), 400, 'invalid_request');
    expectOAuthError(await post(`grant_type=client_credentials&scope=${'a'.repeat(1001)}`, auth), 400, 'invalid_request');
    // The token endpoint reads form bodies only (RFC 6749 4.4.2): JSON is a 415, still as an OAuth error.
    const json = await request(issuer).post('/oauth/token').set('Authorization', auth).send({ grant_type: 'client_credentials' });
    expectOAuthError(json, 415, 'invalid_request');
    expectOAuthError(await post('grant_type=password&username=a&password=b', auth), 400, 'unsupported_grant_type');
    expectOAuthError(await post('grant_type=client_credentials&scope=retention:admin', auth), 400, 'invalid_scope');

    // Refused by the body parsers, before any route: still OAuth errors (413 over the 16 kB limit).
    expectOAuthError(await post(`grant_type=client_credentials&pad=${'x'.repeat(17_000)}`, auth), 413, 'invalid_request');
    const malformed = await request(issuer)
      .post('/oauth/token')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('{"grant_type":');
    expectOAuthError(malformed, 400, 'invalid_request');

    const wrong = await post('grant_type=client_credentials', basic('archive-system', 'wrong-secret-0000'));
    expectOAuthError(wrong, 401, 'invalid_client');
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    const posted = await post('grant_type=client_credentials&client_id=archive-system&client_secret=wrong-secret-0000');
    expectOAuthError(posted, 401, 'invalid_client');
    expectOAuthError(await post('grant_type=client_credentials'), 401, 'invalid_client');
    expectOAuthError(await post('grant_type=client_credentials', 'Bearer abc'), 401, 'invalid_client');
  });

  it('openid-client reads the errors as OAuth errors (it refuses any error body that is not application/json)', async () => {
    const scoped = await oidc.clientCredentialsGrant(server, { scope: 'retention:admin' }).catch((e: unknown) => e);
    expect(scoped).toBeInstanceOf(oidc.ResponseBodyError);
    expect(scoped).toMatchObject({ error: 'invalid_scope', status: 400 });

    const wrong = new oidc.Configuration(server.serverMetadata(), 'archive-system', undefined, oidc.ClientSecretPost('wrong-secret-0000'));
    oidc.allowInsecureRequests(wrong);
    const refused = await oidc.clientCredentialsGrant(wrong).catch((e: unknown) => e);
    // A 401 with a challenge surfaces as the challenge; the body is still the OAuth error.
    expect(refused).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    const challenge = refused as oidc.WWWAuthenticateChallengeError;
    expect(challenge.cause[0]?.scheme).toBe('basic');
    expect(await challenge.response.json()).toMatchObject({ error: 'invalid_client' });
  });
});
