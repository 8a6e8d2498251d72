// Gallring in the messages service: retention.purge.requested.v1 in, retention.purge.completed.v1 out,
// over real Kafka and MongoDB. Held and unarchived conversations are never deleted; what is deleted
// loses its data key too; the same request twice deletes nothing more and answers the same.
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

const SECRET = 'e2e-purge-subject-secret-at-least-32-chars';
const tokens = await TestTokens.create();
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `soc-purge-${uniqueSuffix()}`;
const UNIT_NAME = 'Individ- och familjeomsorgen';
const { db } = useTestEnvironment({
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: UNIT_NAME } }),
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  // The business system is down: nothing gets archived during this test (archiving is tested in messages.e2e-spec.ts).
  ARCHIVE_URL: 'http://127.0.0.1:9/archive',
});
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

describe('gallring in the messages service (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let system: string;
  const keys = new SubjectKeys(SECRET);
  const ids: Record<string, string> = {};

  const open = async (pnr: string) =>
    (
      await request(app.getHttpServer())
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${system}`)
        .send({ personnummer: pnr, subject: 'Kallelse', body: 'Innehåll' })
        .expect(201)
    ).body.conversationId as string;
  const close = (id: string) =>
    request(app.getHttpServer()).post(`/v1/conversations/${id}/close`).set('Authorization', `Bearer ${system}`).expect(200);

  const purgeRequest = (over: Partial<PurgeRequestedV1> = {}, requireArchived = false): PurgeRequestedV1 => ({
    requestId: randomUUID(),
    runId: 'run-0000001',
    ruleId: 'rule-secure-messages-soc',
    ruleVersion: 1,
    chunk: 0,
    selection: {
      service: 'messages',
      unit: UNIT,
      informationType: 'secure-message',
      triggeredBefore: new Date(Date.now() + 60_000).toISOString(),
      requireArchived,
    },
    exclusions: { subjectKeys: [keys.of('195006262546')], itemIds: [] },
    limit: 1000,
    method: 'crypto-shred',
    requestedAt: new Date().toISOString(),
    ...over,
  });

  const answerTo = async (requestId: string, count = 1) => {
    await probe.waitFor(
      (all) =>
        all.filter(
          (m) => m.topic === Topics.RetentionPurgeCompletedV1 && m.json<{ data: { requestId: string } }>()?.data.requestId === requestId,
        ).length >= count,
    );
    return probe
      .on(Topics.RetentionPurgeCompletedV1)
      .map((m) => m.json<{ data: Record<string, unknown> }>()!.data)
      .filter((d) => d.requestId === requestId);
  };

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.RetentionPurgeCompletedV1, Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    ids.closedA = await open('199908072391');
    ids.closedB = await open('196802020575');
    ids.held = await open('195006262546');
    ids.open = await open('197010632391');
    for (const k of ['closedA', 'closedB', 'held']) await close(ids[k]!);
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('with "archived first", unarchived conversations are blocked and nothing is deleted', async () => {
    const req = purgeRequest({}, true);
    await publishEvent(PurgeRequestedV1Event, req);
    const [answer] = await answerTo(req.requestId);
    expect(answer).toMatchObject({
      deleted: 0,
      blockedUnarchived: 2,
      skippedHeld: 1,
      remaining: false,
      deletedIdsSha256: deletedIdsSha256([]),
    });
    expect(await raw.collection('conversations').countDocuments()).toBe(4);
  });

  it('deletes the closed, unheld conversations with their keys, messages and attachments; keeps the held and the open', async () => {
    const req = purgeRequest();
    await publishEvent(PurgeRequestedV1Event, req);
    const [answer] = await answerTo(req.requestId);
    expect(answer).toMatchObject({
      service: 'messages',
      deleted: 2,
      skippedHeld: 1,
      blockedUnarchived: 0,
      method: 'crypto-shred',
      deletedIdsSha256: deletedIdsSha256([ids.closedA!, ids.closedB!]),
    });
    const left = (await raw.collection('conversations').find({}).toArray()).map((c) => c._id as unknown as string).sort();
    expect(left).toEqual([ids.held!, ids.open!].sort());
    expect(await raw.collection('data_keys').countDocuments({ _id: { $in: [ids.closedA, ids.closedB] } as never })).toBe(0);
    expect(await raw.collection('messages').countDocuments({ conversationId: { $in: [ids.closedA, ids.closedB] } })).toBe(0);
    expect(JSON.stringify(answer)).not.toMatch(/1999|1968|Kallelse/);

    // The same request again: nothing more is deleted, and the answer is the same.
    await publishEvent(PurgeRequestedV1Event, req);
    const answers = await answerTo(req.requestId, 2);
    expect(answers[1]).toEqual(answers[0]);
    expect(await raw.collection('conversations').countDocuments()).toBe(2);
  });

  it('a held conversation stays readable; the deleted one is gone for its citizen', async () => {
    const citizen = await tokens.citizen(keys.of('199908072391'));
    await request(app.getHttpServer()).get(`/v1/conversations/${ids.closedA}`).set('Authorization', `Bearer ${citizen}`).expect(404);
    const held = await tokens.citizen(keys.of('195006262546'));
    await request(app.getHttpServer()).get(`/v1/conversations/${ids.held}`).set('Authorization', `Bearer ${held}`).expect(200);
  });

  it('a malformed purge request goes to the dead-letter topic and deletes nothing', async () => {
    const before = await raw.collection('conversations').countDocuments();
    const id = await publishEvent(PurgeRequestedV1Event, { ...purgeRequest(), limit: 0 });
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(id)));
    expect(await raw.collection('conversations').countDocuments()).toBe(before);
  });
});
