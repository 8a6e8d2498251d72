// The messages service's part of data-subject requests, end to end with real Kafka and MongoDB: the rights
// service's rights.request.opened.v1 goes onto Kafka, and the messages service answers with
// rights.request.part.v1 — the decrypted conversations for access, the decision and its legal reason for
// erasure — once per request id; a malformed request lands on the dead-letter topic.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { TopicNames } from '@insyn/messaging';
import { SubjectKeys } from '@insyn/person';
import {
  createTestApp,
  eventually,
  KafkaProbe,
  type ProbedMessage,
  TestTokens,
  testKafka,
  uniqueSuffix,
  useTestEnvironment,
} from '@insyn/testing';
import { compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import { Partitioners, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

const SECRET = 'e2e-rights-subject-secret-32-chars-long!';
const ANNA = '199908072391';
const BRITT = '195006262546';
const BODY = 'Hej Anna! Här kommer beslutet om ditt bistånd. Ring oss om du har frågor.';
const REPLY = 'Tack, jag kommer på tisdag.';
const PDF = Buffer.from('%PDF-1.7\n% Insyn rights test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const tokens = await TestTokens.create();
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `soc-rights-${uniqueSuffix()}`;
const UNIT_NAME = 'Individ- och familjeomsorgen';
const { db } = useTestEnvironment({
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: UNIT_NAME } }),
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
});
const { AppModule, SERVICE, ConversationKeys } = await import('../../apps/messages/src/testing.js');

interface PartEvent {
  id: string;
  type: string;
  source: string;
  subjectKey?: string;
  data: {
    requestId: string;
    service: string;
    kind: string;
    records?: Record<string, unknown>[];
    encryptedRecords?: string;
    recordCount?: number;
    decision?: { outcome: string; legalReason: string };
  };
}

describe('rights requests in the messages service (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let producer: Producer;
  let raw: mongoose.Connection;
  const keys = new SubjectKeys(SECRET);
  let system: string;
  let anna: string;
  let kept: string;
  let purged: string;

  const opened = (kind: string, subjectKey: string, requestId = `req-${uniqueSuffix()}${uniqueSuffix()}`) => {
    const now = new Date();
    return {
      id: `evt-${uniqueSuffix()}${uniqueSuffix()}`,
      type: Topics.RightsRequestOpenedV1,
      occurredAt: now.toISOString(),
      source: 'rights',
      correlationId: `corr-${uniqueSuffix()}`,
      subjectKey,
      data: {
        requestId,
        kind,
        subjectKey,
        openedAt: now.toISOString(),
        dueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      },
    };
  };
  const send = async (event: { data: { requestId: string; encryptTo?: object } }) => {
    await producer.send({
      topic: TopicNames.fromEnv().onBroker(Topics.RightsRequestOpenedV1),
      acks: -1,
      messages: [{ key: event.data.requestId, value: JSON.stringify(event) }],
    });
  };
  const partsFor = (requestId: string): ProbedMessage[] =>
    probe.on(Topics.RightsRequestPartV1).filter((m) => m.json<PartEvent>()?.data?.requestId === requestId);
  /**
   * This app's answer: the part whose event id its stored answer names. Other test files' messages apps
   * share the broker and answer every request too (for a subject key they do not know, "nothing held").
   */
  const answerTo = async (requestId: string): Promise<{ message: ProbedMessage; event: PartEvent }> => {
    const eventId = await eventually(
      async () => (await raw.collection('rights_answers').findOne({ _id: requestId } as never))?.eventId as string | undefined,
      30_000,
      `the answer to ${requestId} to be stored`,
    );
    await probe.waitFor(() => partsFor(requestId).some((m) => m.json<PartEvent>()?.id === eventId), 30_000);
    const message = partsFor(requestId).find((m) => m.json<PartEvent>()?.id === eventId)!;
    return { message, event: message.json<PartEvent>()! };
  };

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.RightsRequestOpenedV1, Topics.RightsRequestPartV1, Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    const kafka = testKafka(`rights-e2e-${uniqueSuffix()}`);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    anna = await tokens.citizen(keys.of(ANNA));

    const open = async (personnummer: string, subject: string, body: string, attachments: object[] = []) =>
      (
        await request(app.getHttpServer())
          .post('/v1/conversations')
          .set('Authorization', `Bearer ${system}`)
          .send({ personnummer, subject, body, attachments, notify: { email: 'anna@example.se' } })
          .expect(201)
      ).body.conversationId as string;
    kept = await open(ANNA, 'Kallelse till möte', BODY, [
      { fileName: 'beslut.pdf', mimeType: 'application/pdf', content: PDF.toString('base64') },
    ]);
    // Anna reads the unit's message (its read receipt), then replies.
    await request(app.getHttpServer()).get(`/v1/conversations/${kept}`).set('Authorization', `Bearer ${anna}`).expect(200);
    await request(app.getHttpServer())
      .post(`/v1/conversations/${kept}/messages`)
      .set('Authorization', `Bearer ${anna}`)
      .send({ body: REPLY })
      .expect(201);
    // A second conversation that gallring has crypto-shredded: its data key is gone, its rows not yet.
    purged = await open(ANNA, 'Information om hemtjänst', 'Gammalt meddelande som har gallrats.');
    await app.get(ConversationKeys).destroy([purged]);
    await open(BRITT, 'Kallelse till möte', 'Hej Britt!');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('access: one part event with the decrypted conversation, the summary and no file bytes', async () => {
    const event = opened('access', keys.of(ANNA));
    await send(event);
    const { message, event: part } = await answerTo(event.data.requestId);
    expect(message.key).toBe(event.data.requestId);
    expect(part).toMatchObject({
      type: Topics.RightsRequestPartV1,
      source: 'messages',
      subjectKey: keys.of(ANNA),
      data: { requestId: event.data.requestId, service: 'messages', kind: 'access', decision: { outcome: 'done' } },
    });
    const [summary, ...conversations] = part.data.records!;
    expect(summary).toMatchObject({
      type: 'summary',
      processing: { notice: 'sakra-meddelanden' },
      conversations: 2,
      deletedByGallring: 1,
      retention: expect.stringContaining('sakra-meddelanden'),
    });
    expect(conversations.find((c) => c.conversationId === kept)).toMatchObject({
      content: 'available',
      unit: { id: UNIT, name: UNIT_NAME },
      subject: 'Kallelse till möte',
      status: 'open',
      archive: { status: 'not-closed' },
      notificationContact: { email: 'anna@example.se' },
      messages: [
        {
          seq: 1,
          readAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          author: { kind: 'client', name: UNIT_NAME },
          body: BODY,
          attachments: [{ fileName: 'beslut.pdf', mimeType: 'application/pdf', size: PDF.length }],
        },
        { seq: 2, author: { kind: 'citizen' }, body: REPLY, attachments: [] },
      ],
      attachmentCopies: expect.stringContaining('på begäran via API:t'),
    });
    const keptMessages = (conversations.find((c) => c.conversationId === kept) as { messages: Record<string, unknown>[] }).messages;
    expect(keptMessages[1]).not.toHaveProperty('readAt');
    const gone = conversations.find((c) => c.conversationId === purged)!;
    expect(gone).toMatchObject({ content: 'deleted-by-gallring', subject: 'Information om hemtjänst' });
    expect(gone).not.toHaveProperty('messages');
    expect(message.value).not.toContain('Gammalt meddelande');
    expect(message.value).not.toContain(PDF.toString('base64').slice(0, 12));
    expect(message.value).not.toContain(ANNA);
    // Once relayed, the stored answer keeps no content.
    await eventually(async () =>
      (await raw.collection('rights_answers').findOne({ _id: event.data.requestId } as never))?.outbox.length === 0 ? true : undefined,
    );
  });

  it('access with the rights service’s key: the records travel only as a JWE to that key, nothing readable on the topic', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
    const encryptTo = { ...(await exportJWK(publicKey)), kid: 'enc-test-key', alg: 'ECDH-ES', use: 'enc' };
    const event = opened('access', keys.of(ANNA));
    await send({ ...event, data: { ...event.data, encryptTo } });
    const { message, event: part } = await answerTo(event.data.requestId);
    expect(part.data).toMatchObject({ kind: 'access', recordCount: 3, decision: { outcome: 'done' } });
    expect(part.data.records).toBeUndefined();
    for (const text of [BODY, REPLY, 'Kallelse till möte', 'anna@example.se', UNIT_NAME]) expect(message.value).not.toContain(text);
    const { plaintext, protectedHeader } = await compactDecrypt(part.data.encryptedRecords!, privateKey);
    expect(protectedHeader).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-test-key' });
    const records = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>[];
    expect(records).toHaveLength(3);
    expect(JSON.stringify(records)).toContain(BODY);
  });

  it('erasure: refused, with the legal reason (allmänna handlingar kept under arkivlagen until gallring)', async () => {
    const event = opened('erasure', keys.of(BRITT));
    await send(event);
    const { event: part } = await answerTo(event.data.requestId);
    expect(part).toMatchObject({ subjectKey: keys.of(BRITT), data: { kind: 'erasure', decision: { outcome: 'refused' } } });
    expect(part.data.records).toBeUndefined();
    for (const citation of ['arkivlagen (1990:782)', 'art. 17.3 b', 'gallringsbeslut', 'sakra-meddelanden'])
      expect(part.data.decision!.legalReason).toContain(citation);
  });

  it('erasure when gallring already took some conversations: partly done; with none held: not applicable', async () => {
    const partly = opened('erasure', keys.of(ANNA));
    const none = opened('erasure', `sk-nobody-${uniqueSuffix()}${uniqueSuffix()}`);
    await send(partly);
    await send(none);
    expect((await answerTo(partly.data.requestId)).event.data.decision).toMatchObject({
      outcome: 'partly-done',
      legalReason: expect.stringMatching(/^1 av 2 konversationer har redan gallrats/),
    });
    expect((await answerTo(none.data.requestId)).event.data.decision?.outcome).toBe('not-applicable');
  });

  it('the same request twice (two events, one request id) is answered once', async () => {
    const first = opened('access', keys.of(BRITT));
    await send(first);
    await answerTo(first.data.requestId);
    const again = opened('access', keys.of(BRITT), first.data.requestId);
    await send(again);
    await eventually(
      async () => ((await raw.collection('inbox').findOne({ eventId: again.id })) ? true : undefined),
      30_000,
      'the repeated request to be handled',
    );
    await new Promise((r) => setTimeout(r, 1_500));
    // Only this app knows Britt's conversation (other files' apps answer "none held" for her key).
    const knowing = partsFor(first.data.requestId).filter((m) => m.json<PartEvent>()!.data.records?.[0]?.conversations === 1);
    expect(knowing).toHaveLength(1);
    expect(await raw.collection('rights_answers').countDocuments({ _id: first.data.requestId } as never)).toBe(1);
  });

  it('a request that breaks the contract lands on the dead-letter topic, unanswered', async () => {
    const bad = opened('deletion', keys.of(ANNA));
    await send(bad);
    await probe.waitFor(() => probe.on(Topics.DeadLetterV1).some((m) => m.json<{ eventId?: string }>()?.eventId === bad.id), 30_000);
    const letter = probe.on(Topics.DeadLetterV1).find((m) => m.json<{ eventId?: string }>()?.eventId === bad.id)!;
    expect(letter.json()).toMatchObject({
      originalTopic: Topics.RightsRequestOpenedV1,
      reason: 'contract-violation',
      violations: expect.arrayContaining([expect.objectContaining({ field: 'data.kind' })]),
    });
    expect(partsFor(bad.data.requestId)).toHaveLength(0);
  });
});
