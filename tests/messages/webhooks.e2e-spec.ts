// Webhooks for business systems outside the platform, end to end on real Kafka and MongoDB with a local
// HTTP receiver that verifies each signature: a unit registers a webhook (its secret shown once), the
// citizen's reply reaches it signed (messages.message.received.v1 → the consumer → a signed POST), a
// receiver that fails is retried, and the unit reads the delivery log; other units see nothing of it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { messagesEnvironment } from './messages-env.js';

const SECRET = 'e2e-webhooks-subject-secret-32-characters';
const ANNA = '199908072391';
const CASE = 'SOC 2026/77';

/** The business system's receiver: answers 503 to the first `failFirst` requests, then 204; keeps each request. */
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let failFirst = 0;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(received.length <= failFirst ? 503 : 204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const RECEIVER_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/insyn`;

const tokens = await TestTokens.create();
const UNIT = `soc-webhooks-${uniqueSuffix()}`;
const OTHER_UNIT = `ks-webhooks-${uniqueSuffix()}`;
const { db } = useTestEnvironment(
  messagesEnvironment({ [UNIT]: { name: 'Individ- och familjeomsorgen' }, [OTHER_UNIT]: { name: 'Kommunstyrelsen' } }, SECRET, tokens.env),
);
const { AppModule, SERVICE, verifyWebhook } = await import('../../apps/messages/src/testing.js');

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('webhooks (real Kafka and MongoDB, a local receiver)', () => {
  let app: INestApplication;
  let raw: mongoose.Connection;
  let system: string;
  let otherUnitSystem: string;
  let anna: string;
  let webhookId: string;
  let secret: string;
  const as = (token: string) => ({
    get: (url: string) => request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => request(app.getHttpServer()).post(url).set('Authorization', `Bearer ${token}`).send(body),
    delete: (url: string) => request(app.getHttpServer()).delete(url).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    otherUnitSystem = await tokens.mint({ sub: 'ks-system', kind: 'client', scope: 'messages:send messages:read', unit: OTHER_UNIT });
    anna = await tokens.citizen(new SubjectKeys(SECRET).of(ANNA));
  });

  afterAll(async () => {
    await raw?.close();
    await app?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('a unit registers a webhook: the secret is shown once and stored sealed; bad URLs are 400s naming url', async () => {
    const res = await as(system).post('/v1/webhooks', { url: RECEIVER_URL }).expect(201);
    ({ webhookId, secret } = res.body as { webhookId: string; secret: string });
    expect(res.body).toMatchObject({ unit: UNIT, url: RECEIVER_URL, events: ['messages.message.received.v1'] });
    expect(secret).toMatch(/^whsec_/);
    const listed = (await as(system).get('/v1/webhooks').expect(200)).body as object[];
    expect(listed).toEqual([expect.objectContaining({ webhookId, url: RECEIVER_URL })]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(await raw.collection('webhooks').find({}).toArray())).not.toContain(secret);

    for (const url of ['http://arende.kommun.se/hook', 'ftp://127.0.0.1/x', 'not a url', 'https://user:pw@arende.kommun.se/hook']) {
      const bad = await as(system).post('/v1/webhooks', { url }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    expect((await as(otherUnitSystem).get('/v1/webhooks').expect(200)).body).toEqual([]);
    await as(otherUnitSystem).get(`/v1/webhooks/${webhookId}/deliveries`).expect(404);
    await as(otherUnitSystem).delete(`/v1/webhooks/${webhookId}`).expect(404);
    await as(anna).get('/v1/webhooks').expect(403);
  });

  it('the citizen’s reply reaches the receiver signed, after a failed first attempt is retried; the log shows both', async () => {
    failFirst = 1;
    const opened = await as(system)
      .post('/v1/conversations', { personnummer: ANNA, subject: 'Nytt beslut', body: 'Läs beslutet.', caseReference: CASE })
      .expect(201);
    const conversationId = opened.body.conversationId as string;
    await as(anna).post(`/v1/conversations/${conversationId}/messages`, { body: 'Tack, jag har läst.' }).expect(201);

    // The first attempt gets a 503; the retry (5 s later) a 204.
    await until(() => received.length >= 2, 40_000);
    const [first, second] = received;
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['insyn-event-id']).toBe(first!.headers['insyn-event-id']);
    for (const r of [first!, second!]) expect(verifyWebhook(secret, r.body, r.headers['insyn-signature'] as string, new Date())).toBe(true);
    expect(verifyWebhook('whsec_another', second!.body, second!.headers['insyn-signature'] as string, new Date())).toBe(false);
    const payload = JSON.parse(second!.body) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({
      type: 'messages.message.received.v1',
      data: { conversationId, unit: UNIT, caseReference: CASE, messageId: expect.any(String), receivedAt: expect.any(String) },
    });
    expect(second!.body).not.toContain('Tack');
    expect(second!.body).not.toContain(ANNA);
    expect(second!.body).not.toContain('subjectKey');

    let log: { status: string; attempts: number; lastResult?: string }[] = [];
    await until(async () => {
      log = (await as(system).get(`/v1/webhooks/${webhookId}/deliveries`).expect(200)).body as typeof log;
      return log[0]?.status === 'delivered';
    });
    expect(log).toEqual([
      expect.objectContaining({ eventType: 'messages.message.received.v1', status: 'delivered', attempts: 2, lastResult: '204' }),
    ]);
    // Delivered once: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(received).toHaveLength(2);
  });

  it('a removed webhook gets nothing more', async () => {
    await as(system).delete(`/v1/webhooks/${webhookId}`).expect(204);
    expect((await as(system).get('/v1/webhooks').expect(200)).body).toEqual([]);
    const opened = await as(system).post('/v1/conversations', { personnummer: ANNA, subject: 'Kallelse', body: 'Välkommen.' }).expect(201);
    await as(anna)
      .post(`/v1/conversations/${opened.body.conversationId as string}/messages`, { body: 'Jag kommer.' })
      .expect(201);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(received).toHaveLength(2);
  });
});
