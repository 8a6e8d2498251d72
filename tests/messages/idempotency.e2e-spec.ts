// Idempotency-Key on the messages API end to end (real Kafka and MongoDB, the notification gateway a local
// HTTP receiver): a municipal system that retries a POST with the same key opens one conversation and the
// citizen is told once; another body with the key is 422; another client's key never collides; a repeated
// reply adds one message and one messages.message.received.v1 (ids only); a rejected request frees its key.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { messagesEnvironment } from './messages-env.js';

const SECRET = 'e2e-idempotency-subject-secret-32-chars';
const ANNA = '199908072391';

/** The notification gateway: counts what it is asked to send. */
const notifications: { channel: string; to: string }[] = [];
const gateway = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    notifications.push(JSON.parse(body) as { channel: string; to: string });
    res.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));

const tokens = await TestTokens.create();
const UNIT = `soc-idempotency-${uniqueSuffix()}`;
const { db } = useTestEnvironment(
  messagesEnvironment({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }, SECRET, tokens.env, {
    NOTIFIER: 'webhook',
    NOTIFIER_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/notify`,
  }),
);
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

describe('Idempotency-Key on the messages API (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let system: string;
  let otherSystem: string;
  let anna: string;
  const post = (token: string, url: string, body: object, key?: string) => {
    const req = request(app.getHttpServer()).post(url).set('Authorization', `Bearer ${token}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const conversations = () => raw.collection('conversations').countDocuments();
  const opening = (subject: string) => ({
    personnummer: ANNA,
    subject,
    body: 'Ett nytt beslut finns att läsa.',
    notify: { email: 'anna@example.se' },
  });

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.MessagesMessageReceivedV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    otherSystem = await tokens.mint({ sub: 'other-case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    anna = await tokens.citizen(new SubjectKeys(SECRET).of(ANNA));
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
    await new Promise((resolve) => gateway.close(resolve));
  });

  it('a POST retried with the same key opens one conversation and sends one notification; the answer is the first', async () => {
    const key = randomUUID();
    const first = await post(system, '/v1/conversations', opening('Beslut'), key).expect(201);
    const again = await post(system, '/v1/conversations', opening('Beslut'), `"${key}"`).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    expect(await conversations()).toBe(1);
    expect(notifications).toEqual([expect.objectContaining({ channel: 'email', to: 'anna@example.se' })]);

    // Without a key, the same body opens another (the header is what makes a retry safe).
    await post(system, '/v1/conversations', opening('Beslut')).expect(201);
    expect(await conversations()).toBe(2);
    expect(notifications).toHaveLength(2);
  });

  it('the same key with another body is 422; another client’s same key opens its own conversation', async () => {
    const key = randomUUID();
    await post(system, '/v1/conversations', opening('Kallelse'), key).expect(201);
    const before = await conversations();
    const reused = await post(system, '/v1/conversations', opening('Kallelse till annat möte'), key).expect(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.body).toMatchObject({ type: 'https://insyn.se/problems/idempotency-key-reused', status: 422 });
    expect(await conversations()).toBe(before);

    const theirs = await post(otherSystem, '/v1/conversations', opening('Kallelse'), key).expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await conversations()).toBe(before + 1);
  });

  it('concurrent requests with one key: one conversation, the others 409 in progress or the first answer', async () => {
    const key = randomUUID();
    const before = await conversations();
    const answers = await Promise.all([1, 2, 3].map(() => post(system, '/v1/conversations', opening('Samtidigt'), key)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const a of answers.filter((x) => x.status === 409))
      expect(a.body).toMatchObject({ type: 'https://insyn.se/problems/idempotency-key-in-progress' });
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.conversationId as string)).size).toBe(1);
    expect(await conversations()).toBe(before + 1);
  });

  it('a reply retried with the same key is stored once; a rejected request frees its key; a malformed key is 400', async () => {
    const opened = await post(system, '/v1/conversations', opening('Svar'), randomUUID()).expect(201);
    const id = opened.body.conversationId as string;
    const key = randomUUID();
    // Invalid (an empty body): rejected, and the key is free for the corrected request.
    await post(anna, `/v1/conversations/${id}/messages`, { body: '' }, key).expect(400);
    const reply = await post(anna, `/v1/conversations/${id}/messages`, { body: 'Tack, jag har läst.' }, key).expect(201);
    const again = await post(anna, `/v1/conversations/${id}/messages`, { body: 'Tack, jag har läst.' }, key).expect(201);
    expect(again.body).toEqual(reply.body);
    expect(await raw.collection('messages').countDocuments({ conversationId: id })).toBe(2);

    // The unit's systems learn of the reply once, by ids: no content, no personnummer; the unit's own reply tells nobody.
    await post(system, `/v1/conversations/${id}/messages`, { body: 'Bra, då ses vi.' }, randomUUID()).expect(201);
    const received = () =>
      probe
        .on(Topics.MessagesMessageReceivedV1)
        .filter((m) => m.json<{ data?: { conversationId?: string } }>()?.data?.conversationId === id);
    await probe.waitFor(() => received().length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received()).toHaveLength(1);
    const [event] = received();
    expect(event!.key).toBe(id);
    const replyId = (reply.body.messages as { messageId: string; authorKind: string }[]).find((m) => m.authorKind === 'citizen')!.messageId;
    expect(event!.json()).toMatchObject({
      type: Topics.MessagesMessageReceivedV1,
      subjectKey: new SubjectKeys(SECRET).of(ANNA),
      data: { conversationId: id, messageId: replyId, unit: UNIT, receivedAt: expect.any(String) },
    });
    expect(Object.keys((event!.json() as { data: object }).data).sort()).toEqual(['conversationId', 'messageId', 'receivedAt', 'unit']);
    expect(event!.value).not.toContain('Tack');
    expect(event!.value).not.toContain(ANNA);

    const bad = await post(system, '/v1/conversations', opening('Fel nyckel'), 'x'.repeat(256)).expect(400);
    expect(bad.body).toMatchObject({ type: 'https://insyn.se/problems/idempotency-key-invalid', errors: [{ field: 'Idempotency-Key' }] });
  });

  it('the stored keys hold neither the keys nor the answers readable', async () => {
    const stored = JSON.stringify(await raw.collection('idempotency_keys').find({}).toArray());
    expect(stored).not.toContain('Ett nytt beslut');
    expect(stored).not.toContain('Tack, jag har läst');
    expect(stored).not.toContain(ANNA);
  });
});
