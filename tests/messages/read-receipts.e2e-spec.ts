// Read receipts (issue 18), end to end on real Kafka and MongoDB: the citizen's first read of a conversation
// marks each message to her read, once; the unit's officials and systems see when (`readAt`), she does not;
// their own reading changes nothing, and no event carries it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { messagesEnvironment } from './messages-env.js';

const SECRET = 'e2e-read-receipts-subject-secret-32chs';
const ANNA = '199908072391';

const tokens = await TestTokens.create();
const UNIT = `soc-read-${uniqueSuffix()}`;
useTestEnvironment(messagesEnvironment({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }, SECRET, tokens.env));
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

type Message = { messageId: string; authorKind: string; sentAt: string; readAt?: string };

describe('read receipts on the messages API (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let system: string;
  let handler: string;
  let anna: string;
  let conversationId: string;
  const as = (token: string) => ({
    get: (url: string) => request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => request(app.getHttpServer()).post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  const messages = async (token: string) =>
    (await as(token).get(`/v1/conversations/${conversationId}`).expect(200)).body.messages as Message[];

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.MessagesMessageReceivedV1, Topics.AuditAccessedV1]);
    app = await createTestApp(AppModule, SERVICE);
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    handler = await tokens.official(['messages-handler'], UNIT);
    anna = await tokens.citizen(new SubjectKeys(SECRET).of(ANNA));
    const opened = await as(system)
      .post('/v1/conversations', { personnummer: ANNA, subject: 'Beslut', body: 'Ett nytt beslut finns att läsa.' })
      .expect(201);
    conversationId = opened.body.conversationId as string;
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it('unread until the citizen opens it: the unit’s own reading marks nothing', async () => {
    expect((await messages(handler))[0]).not.toHaveProperty('readAt');
    expect((await messages(system))[0]).not.toHaveProperty('readAt');
    expect((await messages(handler))[0]).not.toHaveProperty('readAt');
  });

  it('her first read is the receipt: the unit sees when, she does not; a second read keeps the first time', async () => {
    const before = new Date();
    const hers = await messages(anna);
    const after = new Date();
    expect(hers[0]).not.toHaveProperty('readAt');
    const [read] = await messages(system);
    expect(read!.readAt).toEqual(expect.any(String));
    const readAt = new Date(read!.readAt!);
    expect(readAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(readAt.getTime()).toBeLessThanOrEqual(after.getTime());
    expect((await messages(handler))[0]!.readAt).toBe(read!.readAt);

    await messages(anna);
    expect((await messages(system))[0]!.readAt).toBe(read!.readAt);
  });

  it('each message to her on its own: her reply has none, the unit’s answer is unread until she opens it again', async () => {
    await as(anna).post(`/v1/conversations/${conversationId}/messages`, { body: 'Tack, jag har läst beslutet.' }).expect(201);
    await as(handler).post(`/v1/conversations/${conversationId}/messages`, { body: 'Hör av dig om du har frågor.' }).expect(201);
    const [first, reply, answer] = await messages(system);
    expect(reply).toMatchObject({ authorKind: 'citizen' });
    expect(reply).not.toHaveProperty('readAt');
    expect(answer).toMatchObject({ authorKind: 'official' });
    expect(answer).not.toHaveProperty('readAt');

    await messages(anna);
    const [firstAgain, replyAgain, answerAgain] = await messages(system);
    expect(firstAgain!.readAt).toBe(first!.readAt);
    expect(replyAgain).not.toHaveProperty('readAt');
    expect(new Date(answerAgain!.readAt!).getTime()).toBeGreaterThanOrEqual(new Date(answerAgain!.sentAt).getTime());
  });

  it('no event carries a read receipt', async () => {
    // Her reads are in her access log (audit.accessed.v1), as every read; the receipt is not.
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.AuditAccessedV1 && (m.value ?? '').includes(conversationId)));
    const ours = [...probe.on(Topics.AuditAccessedV1), ...probe.on(Topics.MessagesMessageReceivedV1)].filter((m) =>
      (m.value ?? '').includes(conversationId),
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const m of ours) expect(m.value ?? '').not.toMatch(/readAt/);
  });
});
