// Gallring "vid inaktualitet" in the messages service, over real Kafka and MongoDB: the unit confirms a
// closed conversation no longer needed (messages.conversation.inaktuell.v1, once, without personal data);
// an open one cannot be; nobody else can; and a purge request with the trigger `inaktualitet` counts from
// the confirmation, while one without a trigger still counts from the closing.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { deletedIdsSha256, type PurgeRequestedV1, PurgeRequestedV1Event, Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, publishEvent, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';

const SECRET = 'e2e-inaktuell-subject-secret-of-32-chars';
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `inaktuell-${uniqueSuffix()}`;
const OTHER_UNIT = `annan-${uniqueSuffix()}`;
const PNR = { confirmedFirst: '199908072391', confirmedLater: '196802020575', neverConfirmed: '195006262546', open: '197010632391' };
const PNR_PATTERN = /199908072391|196802020575|195006262546|197010632391|9908072391|6802020575|5006262546|7010632391/;

const tokens = await TestTokens.create();
const { db } = useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: 'Enheten för inaktualitetstest' } }),
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  // The business system is down: nothing gets archived, so "archived first" blocks (archiving: messages.e2e-spec.ts).
  ARCHIVE_URL: 'http://127.0.0.1:9/archive',
});
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

type Name = keyof typeof PNR;

describe('conversations confirmed inaktuell, and gallring from the confirmation (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let system: string;
  let handler: string;
  const keys = new SubjectKeys(SECRET);
  const ids = {} as Record<Name, string>;
  const inaktuellAt = {} as Partial<Record<Name, string>>;

  const http = () => request(app.getHttpServer());
  const confirm = (id: string, token: string) => http().post(`/v1/conversations/${id}/inaktuell`).set('Authorization', `Bearer ${token}`);
  const conversation = (id: string) => raw.collection('conversations').findOne({ _id: id as never });
  const inaktuellEvents = (id: string) => probe.on(Topics.MessagesConversationInaktuellV1).filter((m) => m.key === id);
  const eventFor = (id: string) =>
    probe.waitFor((all) => all.some((m) => m.topic === Topics.MessagesConversationInaktuellV1 && m.key === id));
  const left = async () => (await raw.collection('conversations').find({}).toArray()).map((c) => c._id as unknown as string).sort();

  const purgeRequest = (selection: Partial<PurgeRequestedV1['selection']>, heldSubjectKeys: string[] = []): PurgeRequestedV1 => ({
    requestId: randomUUID(),
    runId: 'run-inaktuell-01',
    ruleId: 'rule-secure-messages-inaktuell',
    ruleVersion: 1,
    chunk: 0,
    selection: {
      service: 'messages',
      unit: UNIT,
      informationType: 'secure-message',
      triggeredBefore: new Date(Date.now() + 60_000).toISOString(),
      requireArchived: false,
      ...selection,
    },
    exclusions: { subjectKeys: heldSubjectKeys, itemIds: [] },
    limit: 1000,
    method: 'crypto-shred',
    requestedAt: new Date().toISOString(),
  });
  const purge = async (req: PurgeRequestedV1) => {
    await publishEvent(PurgeRequestedV1Event, req);
    const [message] = await probe.waitFor((all) =>
      all.some(
        (m) => m.topic === Topics.RetentionPurgeCompletedV1 && m.json<{ data: { requestId: string } }>()?.data.requestId === req.requestId,
      ),
    );
    expect(message).toBeDefined();
    return probe
      .on(Topics.RetentionPurgeCompletedV1)
      .map((m) => m.json<{ data: Record<string, unknown> }>()!.data)
      .find((d) => d.requestId === req.requestId)!;
  };

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.MessagesConversationInaktuellV1, Topics.RetentionPurgeCompletedV1, Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    handler = await tokens.official(['messages-handler'], UNIT);
    for (const name of Object.keys(PNR) as Name[])
      ids[name] = (
        await http()
          .post('/v1/conversations')
          .set('Authorization', `Bearer ${system}`)
          .send({ personnummer: PNR[name], subject: 'Kallelse', body: 'Innehåll' })
          .expect(201)
      ).body.conversationId as string;
    for (const name of ['confirmedFirst', 'confirmedLater', 'neverConfirmed'] as const)
      await http().post(`/v1/conversations/${ids[name]}/close`).set('Authorization', `Bearer ${system}`).expect(200);
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('the unit’s handler confirms a closed conversation: 200, stored with who, and inaktuell.v1 without personal data', async () => {
    const id = ids.confirmedFirst;
    const res = await confirm(id, handler).expect(200);
    expect(res.body).toEqual({ conversationId: id, inaktuellAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    inaktuellAt.confirmedFirst = res.body.inaktuellAt as string;

    const stored = await conversation(id);
    expect(stored).toMatchObject({
      status: 'closed',
      inaktuellAt: new Date(inaktuellAt.confirmedFirst),
      inaktuellBy: { kind: 'official', id: 'official-test-key' },
    });
    expect(stored!.inaktuellBy).not.toHaveProperty('name');

    await eventFor(id);
    const [event] = inaktuellEvents(id);
    expect(event!.json()).toMatchObject({
      type: Topics.MessagesConversationInaktuellV1,
      source: 'messages',
      subjectKey: keys.of(PNR.confirmedFirst),
      data: {
        conversationId: id,
        unit: UNIT,
        informationType: 'secure-message',
        inaktuellAt: inaktuellAt.confirmedFirst,
        confirmedBy: { kind: 'official', id: 'official-test-key' },
      },
    });
    expect(`${event!.key} ${event!.value} ${JSON.stringify(event!.headers)}`).not.toMatch(PNR_PATTERN);
    expect(event!.value).not.toContain('Kallelse');
    expect(event!.value).not.toContain('Innehåll');

    const list = await http().get('/v1/conversations?status=closed').set('Authorization', `Bearer ${handler}`).expect(200);
    expect(list.body.find((c: { conversationId: string }) => c.conversationId === id)).toMatchObject({
      inaktuellAt: inaktuellAt.confirmedFirst,
    });
  });

  it('confirming again answers with the first time and emits nothing new', async () => {
    const id = ids.confirmedFirst;
    const again = await confirm(id, system).expect(200);
    expect(again.body).toEqual({ conversationId: id, inaktuellAt: inaktuellAt.confirmedFirst });
    expect(await conversation(id)).toMatchObject({ inaktuellBy: { kind: 'official' } });

    // Another conversation confirmed (by the unit's system) after the repeat: once its event is through,
    // a second event for the first one would have been relayed too.
    const later = await confirm(ids.confirmedLater, system).expect(200);
    inaktuellAt.confirmedLater = later.body.inaktuellAt as string;
    expect(new Date(inaktuellAt.confirmedLater).getTime()).toBeGreaterThan(new Date(inaktuellAt.confirmedFirst!).getTime());
    await eventFor(ids.confirmedLater);
    expect(inaktuellEvents(ids.confirmedLater)[0]!.json()).toMatchObject({
      data: { confirmedBy: { kind: 'client', id: 'case-system' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(inaktuellEvents(id)).toHaveLength(1);
  });

  it('an open conversation cannot be confirmed: 409 problem, nothing stored', async () => {
    const res = await confirm(ids.open, handler).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, type: expect.stringMatching(/conversation-open$/) });
    expect(await conversation(ids.open)).not.toHaveProperty('inaktuellAt');
  });

  it('nobody else: another unit’s handler and an unknown id get 404, the citizen 403, no token 401', async () => {
    const otherUnitHandler = await tokens.official(['messages-handler'], OTHER_UNIT);
    const res = await confirm(ids.neverConfirmed, otherUnitHandler).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    await confirm(randomUUID(), handler).expect(404);
    // The route admits officials and systems only: the guard refuses a citizen before the conversation is looked up.
    await confirm(ids.neverConfirmed, await tokens.citizen(keys.of(PNR.neverConfirmed))).expect(403);
    const reader = await tokens.mint({ sub: 'case-reader', kind: 'client', scope: 'messages:read', unit: UNIT });
    await confirm(ids.neverConfirmed, reader).expect(403);
    await http().post(`/v1/conversations/${ids.neverConfirmed}/inaktuell`).expect(401);
    expect(await conversation(ids.neverConfirmed)).not.toHaveProperty('inaktuellAt');
    expect(inaktuellEvents(ids.neverConfirmed)).toHaveLength(0);
  });

  it('trigger inaktualitet: a conversation never confirmed is neither selected, nor held, nor blocked', async () => {
    const answer = await purge(purgeRequest({ trigger: 'inaktualitet', requireArchived: true }, [keys.of(PNR.neverConfirmed)]));
    expect(answer).toMatchObject({
      deleted: 0,
      skippedHeld: 0,
      blockedUnarchived: 2,
      remaining: false,
      deletedIdsSha256: deletedIdsSha256([]),
    });
    expect(answer).not.toHaveProperty('error');
    expect(await left()).toEqual(Object.values(ids).sort());
  });

  it('trigger inaktualitet: deletes only what was confirmed before triggeredBefore', async () => {
    const answer = await purge(purgeRequest({ trigger: 'inaktualitet', triggeredBefore: inaktuellAt.confirmedLater! }));
    expect(answer).toMatchObject({
      service: 'messages',
      deleted: 1,
      skippedHeld: 0,
      blockedUnarchived: 0,
      deletedIds: [ids.confirmedFirst],
      deletedIdsSha256: deletedIdsSha256([ids.confirmedFirst]),
    });
    expect(await left()).toEqual([ids.confirmedLater, ids.neverConfirmed, ids.open].sort());
    expect(await raw.collection('data_keys').countDocuments({ _id: ids.confirmedFirst as never })).toBe(0);
    expect(await raw.collection('messages').countDocuments({ conversationId: ids.confirmedFirst })).toBe(0);
  });

  it('trigger case-closed: answered with an error and nothing deleted (when a case closes is the business system’s to say)', async () => {
    const answer = await purge(purgeRequest({ trigger: 'case-closed' }));
    expect(answer).toMatchObject({
      deleted: 0,
      remaining: false,
      error: expect.stringContaining('cannot select by the trigger case-closed'),
    });
    expect(await left()).toEqual([ids.confirmedLater, ids.neverConfirmed, ids.open].sort());
  });

  it('the same request without a trigger still selects by the closing: every closed one goes, the open stays', async () => {
    const answer = await purge(purgeRequest({ triggeredBefore: inaktuellAt.confirmedLater! }));
    expect(answer).toMatchObject({
      deleted: 2,
      skippedHeld: 0,
      blockedUnarchived: 0,
      deletedIdsSha256: deletedIdsSha256([ids.confirmedLater, ids.neverConfirmed]),
    });
    expect(await left()).toEqual([ids.open]);
    for (const m of probe.on(Topics.RetentionPurgeCompletedV1)) expect(m.value ?? '').not.toMatch(PNR_PATTERN);
  });
});
