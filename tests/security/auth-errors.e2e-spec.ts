// What an integrator is told when a request is refused (issue 18), on the messages app with real Kafka and
// MongoDB: a 401 says why the token was refused (RFC 6750 `invalid_token` with `error_description`, and the
// problem's `reason`), or only names the scheme when no token was sent; a 403 names the scope that would do
// (`insufficient_scope`); a body of a type the route does not read is a 415, not a 400 about missing fields;
// malformed JSON keeps the correlation id; validation errors name array items as `attachments[0].content`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { messagesEnvironment } from '../messages/messages-env.js';

const SECRET = 'e2e-auth-errors-subject-secret-32-chars';
const tokens = await TestTokens.create();
const UNIT = `soc-auth-errors-${uniqueSuffix()}`;
useTestEnvironment(messagesEnvironment({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }, SECRET, tokens.env));
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

const OPENING = { personnummer: '199908072391', subject: 'Kallelse', body: 'Ett nytt beslut finns att läsa.' };

describe('auth and body errors an integrator can act on (messages, real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let sender: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    sender = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send', unit: UNIT });
  });

  afterAll(async () => {
    await app?.close();
  });

  const expectRefused = (res: request.Response, reason: string) => {
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(`Bearer realm="insyn", error="invalid_token", error_description="${reason}"`);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://insyn.se/problems/invalid-token', status: 401, reason });
  };

  it('without a token: 401 naming only the scheme and realm (RFC 6750 3.1), and a problem saying what to send', async () => {
    const res = await http().get('/v1/conversations');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="insyn"');
    expect(res.body).toMatchObject({ type: 'https://insyn.se/problems/token-missing', status: 401 });
    expect(res.body.detail).toContain('Authorization: Bearer');
    // Another scheme is no bearer token either.
    expect((await http().get('/v1/conversations').set('Authorization', 'Basic YTpi')).headers['www-authenticate']).toBe(
      'Bearer realm="insyn"',
    );
  });

  it('an expired token: 401 invalid_token, "expired"', async () => {
    const expired = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:read', unit: UNIT }, { expiresIn: '-5m' });
    const res = await http().get('/v1/conversations').set('Authorization', `Bearer ${expired}`);
    expectRefused(res, 'expired');
    expect(res.body.detail).toBe('The access token has expired; get a new one.');
  });

  it('a token for another audience, from another issuer, or tampered with: 401 saying which', async () => {
    const claims = { sub: 'case-system', kind: 'client' as const, scope: 'messages:read', unit: UNIT };
    expectRefused(
      await http()
        .get('/v1/conversations')
        .set('Authorization', `Bearer ${await tokens.mint(claims, { audience: 'another-api' })}`),
      'wrong-audience',
    );
    expectRefused(
      await http()
        .get('/v1/conversations')
        .set('Authorization', `Bearer ${await tokens.mint(claims, { issuer: 'https://id.elsewhere.example' })}`),
      'wrong-issuer',
    );
    const [h, p, s] = (await tokens.mint(claims)).split('.') as [string, string, string];
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), scope: 'messages:send' }));
    expectRefused(
      await http()
        .get('/v1/conversations')
        .set('Authorization', `Bearer ${h}.${widened.toString('base64url')}.${s}`),
      'invalid-signature',
    );
    expectRefused(await http().get('/v1/conversations').set('Authorization', 'Bearer not-a-jwt'), 'malformed');
  });

  it('a system without the scope: 403 insufficient_scope naming the scope, in the challenge and the problem', async () => {
    const reader = await tokens.mint({ sub: 'archive-system', kind: 'client', scope: 'messages:read', unit: UNIT });
    const res = await http().post('/v1/conversations').set('Authorization', `Bearer ${reader}`).send(OPENING);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="insyn", error="insufficient_scope", scope="messages:send"');
    expect(res.body).toMatchObject({
      type: 'https://insyn.se/problems/insufficient-scope',
      status: 403,
      requiredScopes: ['messages:send'],
      detail: expect.stringContaining('messages:send'),
    });
  });

  it('a body of a type the route does not read: 415 naming the types it reads, not a 400 about missing fields', async () => {
    for (const [type, body] of [
      ['text/plain', JSON.stringify(OPENING)],
      ['application/xml', '<conversation><subject>Kallelse</subject></conversation>'],
      ['application/x-www-form-urlencoded', 'subject=Kallelse&body=Hej'],
    ]) {
      const res = await http().post('/v1/conversations').set('Authorization', `Bearer ${sender}`).set('Content-Type', type!).send(body);
      expect(res.status).toBe(415);
      expect(res.headers['accept-post']).toBe('application/json');
      expect(res.body).toMatchObject({
        type: 'https://insyn.se/problems/unsupported-media-type',
        status: 415,
        accepted: ['application/json'],
        detail: `This operation reads application/json, not a ${type} body.`,
      });
    }
    // A caller without a token learns nothing about the route's body: the guard answers first.
    expect((await http().post('/v1/conversations').set('Content-Type', 'text/plain').send('x')).status).toBe(401);
  });

  it('malformed JSON: 400 with the caller’s correlation id, in the header and the problem', async () => {
    const res = await http()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${sender}`)
      .set('X-Correlation-Id', 'integrator-req-42')
      .set('Content-Type', 'application/json')
      .send('{"subject": "Kallelse",');
    expect(res.status).toBe(400);
    expect(res.headers['x-correlation-id']).toBe('integrator-req-42');
    expect(res.body).toMatchObject({ status: 400, correlationId: 'integrator-req-42' });
  });

  it('the document the service serves names its own identity service’s token endpoint, for Swagger UI’s Authorize', async () => {
    const doc = (await http().get('/openapi.json').expect(200)).body as {
      components: { securitySchemes: { clientCredentials: { flows: { clientCredentials: { tokenUrl: string; scopes: object } } } } };
      paths: Record<string, Record<string, { security: unknown }>>;
    };
    const flow = doc.components.securitySchemes.clientCredentials.flows.clientCredentials;
    expect(flow.tokenUrl).toBe(`${tokens.env.AUTH_ISSUER}/oauth/token`);
    expect(Object.keys(flow.scopes)).toEqual(['messages:read', 'messages:send']);
    expect(doc.paths['/v1/conversations']!.post!.security).toEqual([{ clientCredentials: ['messages:send'] }]);
  });

  it('validation errors name an array item’s field as attachments[0].content', async () => {
    const res = await http()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${sender}`)
      .send({ ...OPENING, attachments: [{ fileName: 'beslut.pdf', mimeType: 'application/pdf', content: 'not base64!' }] });
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['attachments[0].content']);
  });
});
