// A restore must not bring back what gallring deleted after the backup was taken. The messages service's
// database is backed up, gallring then deletes two conversations (with their data keys), and the backup is
// restored: the conversations are back. Retention's POST /v1/runs/reapplications with the backup's time
// asks messages again for what those runs deleted, and messages deletes it again, keys included, while
// the gallringsprotokoll keeps one entry per run. Real Kafka and MongoDB, simulated time.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { eventually, ManualClock, uniqueSuffix } from '@insyn/testing';
import type mongoose from 'mongoose';
import request from 'supertest';
import { approverToken } from '../retention/rule-approval.js';
import { activateRule, finishedRun, gallringServices } from './gallring-harness.js';

const SUBJECT_KEY_SECRET = 'restore-e2e-subject-key-secret-0123456789';
const UNIT = `aterlasning-${uniqueSuffix()}`;
const services = await gallringServices({ unit: UNIT, unitName: 'Kontaktcenter (e2e)', subjectKeySecret: SUBJECT_KEY_SECRET });
const { tokens, RunScheduler } = services;

/** Stockholm wall time → instant (winter time: UTC+1). */
const stockholm = (local: string) => new Date(`${local}+01:00`);

type Backup = Map<string, Record<string, unknown>[]>;

/** Every document of every collection, as `mongodump` would keep them. */
async function backup(db: mongoose.Connection): Promise<Backup> {
  const copy: Backup = new Map();
  for (const { name } of await db.db!.listCollections().toArray()) copy.set(name, await db.collection(name).find({}).toArray());
  return copy;
}

/** `mongorestore --drop`: each collection replaced by the backup's documents. */
async function restore(db: mongoose.Connection, copy: Backup): Promise<void> {
  for (const { name } of await db.db!.listCollections().toArray()) await db.collection(name).deleteMany({});
  for (const [name, docs] of copy) if (docs.length > 0) await db.collection(name).insertMany(docs);
}

describe('a restored messages database does not bring back what gallring deleted after the backup', () => {
  const clock = new ManualClock(stockholm('2024-01-10T09:00:00'));
  let retention: INestApplication;
  let messages: INestApplication;
  let retentionRaw: mongoose.Connection;
  let messagesRaw: mongoose.Connection;
  let system: string;
  let admin: string;
  let archivist: string;
  let backupTakenAt: Date;
  let copy: Backup;
  const ruleId = `aterlasning-${uniqueSuffix()}`;
  const conversations: string[] = [];

  const msg = () => request(messages.getHttpServer());
  const ret = () => request(retention.getHttpServer());
  const present = async () => ({
    conversations: await messagesRaw.collection('conversations').countDocuments({ _id: { $in: conversations } } as never),
    keys: await messagesRaw.collection('data_keys').countDocuments({ _id: { $in: conversations } } as never),
  });
  const protocolOfRule = async () =>
    (
      (await ret().get('/v1/protocol?limit=100').set('Authorization', `Bearer ${archivist}`).expect(200)).body.entries as {
        rule: { id: string };
        counts: { deleted: number };
      }[]
    ).filter((e) => e.rule.id === ruleId);

  beforeAll(async () => {
    ({ retention, messages, retentionRaw, messagesRaw } = await services.start(clock));
    system = await tokens.mint({ sub: 'contact-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    admin = await tokens.official(['retention-admin'], UNIT);
    archivist = await tokens.official(['archivist'], UNIT);
  });

  afterAll(() => services.stop());

  it('2024-01-10: two conversations are opened and closed; retention knows them; the database is backed up', async () => {
    for (const personnummer of ['199908072391', '198112289874']) {
      const id = (
        await msg()
          .post('/v1/conversations')
          .set('Authorization', `Bearer ${system}`)
          .send({ personnummer, subject: 'Din fråga', body: 'Hej! Här är svaret.' })
          .expect(201)
      ).body.conversationId as string;
      await msg().post(`/v1/conversations/${id}/close`).set('Authorization', `Bearer ${system}`).expect(200);
      conversations.push(id);
    }
    await eventually(async () =>
      (await retentionRaw.collection('candidates').countDocuments({ _id: { $in: conversations } } as never)) === 2 ? true : undefined,
    );
    clock.set(stockholm('2025-12-20T10:00:00'));
    backupTakenAt = clock.now();
    copy = await backup(messagesRaw);
    expect(await present()).toEqual({ conversations: 2, keys: 2 });
  });

  it('2026-01-11: gallring deletes both, with their data keys, and the protocol records it', async () => {
    await activateRule(
      retention,
      admin,
      {
        ruleId,
        unit: UNIT,
        action: 'delete',
        trigger: 'conversation-closed',
        after: 'P2Y',
        decision: { body: 'Kommunstyrelsen', date: '2025-11-18', reference: 'KS 2025/0302', section: '§ 205' },
      },
      await approverToken(tokens, UNIT),
    );
    clock.set(stockholm('2026-01-11T02:30:00'));
    const started = (await retention.get(RunScheduler).tick()).started.find((s) => s.ruleId === ruleId);
    expect(started).toBeDefined();
    await finishedRun(retention, archivist, started!.runId);
    expect(await present()).toEqual({ conversations: 0, keys: 0 });
    expect((await protocolOfRule()).map((e) => e.counts.deleted)).toEqual([2]);
  });

  it('the backup restored brings them back, keys and all', async () => {
    await restore(messagesRaw, copy);
    expect(await present()).toEqual({ conversations: 2, keys: 2 });
  });

  it('re-applying gallring since the backup deletes them again; the protocol keeps its one entry', async () => {
    const answer = await ret()
      .post('/v1/runs/reapplications')
      .set('Authorization', `Bearer ${admin}`)
      .send({ since: backupTakenAt.toISOString() })
      .expect(202);
    expect(answer.body).toEqual({ runs: 1, chunks: 1 });
    await eventually(async () => ((await present()).conversations === 0 ? true : undefined), 30_000, 'the conversations deleted again');
    expect(await present()).toEqual({ conversations: 0, keys: 0 });
    expect((await protocolOfRule()).map((e) => e.counts.deleted)).toEqual([2]);
  });

  it('refuses a backup time in the future, and anyone but a retention admin', async () => {
    await ret()
      .post('/v1/runs/reapplications')
      .set('Authorization', `Bearer ${admin}`)
      .send({ since: '2030-01-01T00:00:00.000Z' })
      .expect(422);
    await ret().post('/v1/runs/reapplications').set('Authorization', `Bearer ${admin}`).send({ since: 'yesterday' }).expect(400);
    await ret()
      .post('/v1/runs/reapplications')
      .set('Authorization', `Bearer ${archivist}`)
      .send({ since: backupTakenAt.toISOString() })
      .expect(403);
  });
});
