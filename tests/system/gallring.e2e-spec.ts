// Gallring from end to end, as issue #6 says it is done: the retention and messages services over real
// Kafka and MongoDB, living in simulated time on one clock. Conversations are closed on different days
// of 2024; some are archived, one is not (the business system was down), one is under a legal hold and
// one belongs to a person under a hold. A rule "delete two years after closing, archived first", on a
// nightly schedule, deletes exactly the due conversations on the right night and not a day early, skips
// the held and the unarchived ones and says so, and leaves a protocol chain that verifies; changing one
// entry afterwards is detected at that entry. A second rule, "gallras vid inaktualitet", deletes a
// conversation of passing importance a day after an official confirmed it is no longer needed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SubjectKeys } from '@insyn/person';
import { eventually, ManualClock, uniqueSuffix } from '@insyn/testing';
import type mongoose from 'mongoose';
import request from 'supertest';
import { activateWithApproval, approverToken } from '../retention/rule-approval.js';
import { gallringServices } from './gallring-harness.js';

const SUBJECT_KEY_SECRET = 'gallring-e2e-subject-key-secret-32-chars!';
// A unit of this file's own: other test files' services on the same broker hold other units, and each
// messages service answers only for its own.
const UNIT = `gallring-${uniqueSuffix()}`;
const ANNA = '199908072391';
const HELD_PERSON = '191212121212';
const services = await gallringServices({
  unit: UNIT,
  unitName: 'Individ- och familjeomsorgen (e2e)',
  subjectKeySecret: SUBJECT_KEY_SECRET,
  retentionEnv: { RETENTION_CHUNK_SIZE: '2' }, // several chunks per run
});
const { tokens, RunScheduler, Archiver } = services;

/** What the test reads of a run's JSON and of a protocol entry. */
type Counts = { candidates: number; held: number; blocked: number; deleted: number };
interface RunView {
  status: string;
  counts?: Counts;
}
interface ProtocolEntry {
  seq: number;
  rule: { id: string };
  decision: { reference: string };
  method: string;
  counts: Counts;
  chunks: unknown[];
}

/** Stockholm wall time → instant (2024-03 and 2026-03 dates here are before the switch to summer time: UTC+1). */
const stockholm = (local: string) => new Date(`${local}+01:00`);

describe('gallring end to end: retention and messages, real Kafka and MongoDB, two years of simulated time', () => {
  const clock = new ManualClock(stockholm('2024-01-02T08:00:00'));
  const keys = new SubjectKeys(SUBJECT_KEY_SECRET);
  let retention: INestApplication;
  let messages: INestApplication;
  let retentionRaw: mongoose.Connection;
  let messagesRaw: mongoose.Connection;
  let system: string;
  let admin: string;
  let archivist: string;
  const ruleId = `sakra-meddelanden-${uniqueSuffix()}`;
  /** "Gallras vid inaktualitet": a day after an official confirms the conversation is no longer needed. */
  const inaktuellRuleId = `inaktuella-meddelanden-${uniqueSuffix()}`;
  /** name → conversation id */
  const conv: Record<string, string> = {};

  const msg = () => request(messages.getHttpServer());
  const ret = () => request(retention.getHttpServer());
  const conversations = () => messagesRaw.collection('conversations');
  const exists = async (name: string) => (await conversations().countDocuments({ _id: conv[name] } as never)) === 1;

  async function openAndClose(name: string, closedAtLocal: string, pnr = ANNA): Promise<void> {
    clock.set(stockholm(closedAtLocal));
    const opened = await msg()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${system}`)
      .send({ personnummer: pnr, subject: 'Kallelse till möte', body: `Meddelande ${name}` })
      .expect(201);
    conv[name] = opened.body.conversationId as string;
    await msg().post(`/v1/conversations/${conv[name]}/close`).set('Authorization', `Bearer ${system}`).expect(200);
  }

  const archived = (name: string) =>
    eventually(
      async () => ((await conversations().findOne({ _id: conv[name] } as never))?.archive?.status === 'archived' ? true : undefined),
      20_000,
      `${name} to be archived`,
    );

  /** The scheduler's tick at 02:30 Stockholm time on `date`, then the runs it started of this file's rules, once finished. */
  async function night(date: string): Promise<Record<string, RunView>> {
    clock.set(stockholm(`${date}T02:30:00`));
    const report = await retention.get(RunScheduler).tick();
    const runs: Record<string, RunView> = {};
    for (const started of report.started.filter((s) => s.ruleId === ruleId || s.ruleId === inaktuellRuleId)) {
      runs[started.ruleId] = await finished(started.runId, date);
    }
    return runs;
  }

  async function finished(runId: string, date: string): Promise<RunView> {
    const read = async () => (await ret().get(`/v1/runs/${runId}`).set('Authorization', `Bearer ${archivist}`).expect(200)).body as RunView;
    try {
      return await eventually(async () => {
        const run = await read();
        return run.status === 'finished' ? run : undefined;
      }, 30_000);
    } catch {
      // Say where it stopped: the run's chunks, the owner's purge records, the outboxes not yet relayed.
      const purges = await messagesRaw.collection('purges').find({ runId }).toArray();
      const pending = await retentionRaw.collection('runs').findOne({ _id: runId } as never, { projection: { outbox: 1 } });
      throw new Error(`the run ${runId} of ${date} did not finish: ${JSON.stringify({ run: await read(), purges, pending })}`);
    }
  }

  beforeAll(async () => {
    ({ retention, messages, retentionRaw, messagesRaw } = await services.start(clock));
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    admin = await tokens.official(['retention-admin'], UNIT);
    archivist = await tokens.official(['archivist'], UNIT);
  });

  afterAll(() => services.stop());

  it('2024: conversations are closed on different days; all but one are archived', async () => {
    await openAndClose('jan10', '2024-01-10T15:00:00');
    await openAndClose('held', '2024-01-20T10:00:00');
    await openAndClose('heldPerson', '2024-01-25T10:00:00', HELD_PERSON);
    await openAndClose('mar15', '2024-03-15T14:00:00');
    await openAndClose('mar16', '2024-03-16T00:10:00');
    const april = ['apr1a', 'apr1b', 'apr1c', 'apr1d', 'apr1e'];
    for (const name of april) await openAndClose(name, '2024-04-01T10:00:00');
    for (const name of ['jan10', 'held', 'heldPerson', 'mar15', 'mar16', ...april]) await archived(name);
    // The business system is down when the next one closes: it stays unarchived.
    await messages.get(Archiver).onApplicationShutdown();
    await openAndClose('unarchived', '2024-02-01T10:00:00');
    // Still open two years on: no rule counts from a closing that has not happened.
    clock.set(stockholm('2024-02-02T10:00:00'));
    conv.open = (
      await msg()
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${system}`)
        .send({ personnummer: ANNA, subject: 'Fråga', body: 'Öppen' })
        .expect(201)
    ).body.conversationId;

    // Retention knows them from the events: eleven closed candidates in this unit.
    await eventually(
      async () =>
        (await retentionRaw.collection('candidates').countDocuments({ unit: UNIT, closedAt: { $exists: true } })) === 11 ? true : undefined,
      20_000,
      'eleven candidates',
    );
    expect(await conversations().countDocuments({ 'archive.status': 'archived' })).toBe(10);
  });

  it('2025: the rules are decided and activated; holds are set', async () => {
    clock.set(stockholm('2025-01-15T10:00:00'));
    await ret()
      .post('/v1/rules')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        ruleId,
        unit: UNIT,
        informationType: 'secure-message',
        action: 'archive-then-delete',
        trigger: 'conversation-closed',
        after: 'P2Y',
        preconditions: ['archived'],
        schedule: '0 2 * * *',
        decision: { body: 'Socialnämnden', date: '2024-12-10', reference: 'SN 2024/0412', section: '§ 118' },
      })
      .expect(201);
    await activateWithApproval(retention.getHttpServer(), ruleId, 1, admin, await approverToken(tokens, UNIT));
    await ret()
      .post('/v1/rules')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        ruleId: inaktuellRuleId,
        unit: UNIT,
        informationType: 'secure-message',
        action: 'delete',
        trigger: 'inaktualitet',
        after: 'P1D',
        schedule: '0 2 * * *',
        decision: { body: 'Kommunstyrelsen', date: '2024-11-05', reference: 'KS 2024/0233', section: 'punkt 2.4' },
      })
      .expect(201);
    await activateWithApproval(retention.getHttpServer(), inaktuellRuleId, 1, admin, await approverToken(tokens, UNIT));
    // Reviewed within a year; a hold past its review date is overdue for review, and still holds.
    const reviewAt = stockholm('2025-12-01T00:00:00').toISOString();
    await ret()
      .post('/v1/holds')
      .set('Authorization', `Bearer ${admin}`)
      .send({ scope: 'conversation', target: conv.held, reason: 'public-records-request', reviewAt })
      .expect(201);
    await ret()
      .post('/v1/holds')
      .set('Authorization', `Bearer ${admin}`)
      .send({ scope: 'person', personnummer: HELD_PERSON, reason: 'litigation', reviewAt })
      .expect(201);
  });

  it('2026-01-03: a conversation of passing importance is closed and confirmed inaktuell by the unit', async () => {
    await openAndClose('passing', '2026-01-03T10:00:00');
    clock.set(stockholm('2026-01-03T15:00:00'));
    const confirmed = await msg().post(`/v1/conversations/${conv.passing}/inaktuell`).set('Authorization', `Bearer ${system}`).expect(200);
    expect(confirmed.body).toEqual({ conversationId: conv.passing, inaktuellAt: stockholm('2026-01-03T15:00:00').toISOString() });
    await eventually(
      async () => ((await retentionRaw.collection('candidates').findOne({ _id: conv.passing } as never))?.inaktuellAt ? true : undefined),
      20_000,
      'retention to learn of the confirmation',
    );
  });

  it('"vid inaktualitet" with a day’s grace: kept the night after the confirmation, deleted the next, unarchived or not', async () => {
    const first = await night('2026-01-04');
    expect(first[inaktuellRuleId]).toMatchObject({ counts: { deleted: 0 } });
    expect(first[ruleId]).toMatchObject({ counts: { deleted: 0 } });
    expect(await exists('passing')).toBe(true);
    const second = await night('2026-01-05');
    expect(second[inaktuellRuleId]).toMatchObject({
      counts: { candidates: 1, deleted: 1, held: 0, blocked: 0 },
      selection: { trigger: 'inaktualitet', requireArchived: false },
    });
    expect(await exists('passing')).toBe(false);
    // The two-year rule saw nothing due; nothing else was touched.
    expect(second[ruleId]).toMatchObject({ counts: { candidates: 0 } });
    for (const name of ['jan10', 'held', 'heldPerson', 'unarchived', 'open']) expect(await exists(name)).toBe(true);
  });

  it('nights before anything is two years old delete nothing', async () => {
    const run = (await night('2026-01-10'))[ruleId]; // jan10's anniversary: due only at the end of the day
    expect(run).toMatchObject({ counts: { deleted: 0, held: 0, blocked: 0 } });
    expect(await exists('jan10')).toBe(true);
  });

  it('2026-01-11: the conversation closed 2024-01-10 is deleted, with its data key and messages', async () => {
    const run = (await night('2026-01-11'))[ruleId];
    expect(run).toMatchObject({ counts: { deleted: 1, held: 0, blocked: 0 }, selection: { requireArchived: true } });
    expect(await exists('jan10')).toBe(false);
    expect(await messagesRaw.collection('data_keys').countDocuments({ _id: conv.jan10 } as never)).toBe(0);
    expect(await messagesRaw.collection('messages').countDocuments({ conversationId: conv.jan10 })).toBe(0);
    for (const name of ['held', 'heldPerson', 'mar15', 'mar16', 'unarchived', 'open']) expect(await exists(name)).toBe(true);
  });

  it('2026-02-02: the held, the held person’s and the unarchived are due but skipped, and counted', async () => {
    const run = (await night('2026-02-02'))[ruleId];
    expect(run).toMatchObject({ counts: { candidates: 3, deleted: 0, held: 2, blocked: 1 } });
    for (const name of ['held', 'heldPerson', 'unarchived']) expect(await exists(name)).toBe(true);
  });

  it('2026-03-15: not a day early for the conversation closed 2024-03-15', async () => {
    const run = (await night('2026-03-15'))[ruleId];
    expect(run).toMatchObject({ counts: { deleted: 0 } });
    expect(await exists('mar15')).toBe(true);
  });

  it('2026-03-16: it goes on the right night; the one closed ten minutes into 2024-03-16 waits a day more', async () => {
    const run = (await night('2026-03-16'))[ruleId];
    expect(run).toMatchObject({ counts: { deleted: 1, held: 2, blocked: 1 } });
    expect(await exists('mar15')).toBe(false);
    expect(await exists('mar16')).toBe(true);
    const next = (await night('2026-03-17'))[ruleId];
    expect(next).toMatchObject({ counts: { deleted: 1 } });
    expect(await exists('mar16')).toBe(false);
    // Left: the held, the held person's, the unarchived, the open one, and April's.
    expect((await conversations().find({}).toArray()).map((c) => c._id).sort()).toEqual(
      [conv.held, conv.heldPerson, conv.unarchived, conv.open, conv.apr1a, conv.apr1b, conv.apr1c, conv.apr1d, conv.apr1e].sort(),
    );
    // Retention forgot the deleted ones: the forecast no longer counts them.
    expect(
      await retentionRaw.collection('candidates').countDocuments({ _id: { $in: [conv.jan10, conv.mar15, conv.mar16] } } as never),
    ).toBe(0);
  });

  it('2026-04-02: five due on one night go in chunks of two, the answers collected until none remains', async () => {
    const run = (await night('2026-04-02'))[ruleId];
    expect(run).toMatchObject({ counts: { deleted: 5, held: 2, blocked: 1 }, progress: { chunksRequested: 3, chunksAnswered: 3 } });
    expect((await conversations().find({}).toArray()).map((c) => c._id).sort()).toEqual(
      [conv.held, conv.heldPerson, conv.unarchived, conv.open].sort(),
    );
  });

  it('the gallringsprotokoll verifies, holds no personal data, and a changed entry is found', async () => {
    const protocol = (await ret().get('/v1/protocol?limit=100').set('Authorization', `Bearer ${archivist}`).expect(200)).body
      .entries as ProtocolEntry[];
    const ours = protocol.filter((e) => e.rule.id === ruleId);
    expect(ours.map((e) => e.counts.deleted)).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 5]);
    expect(ours.at(-1)!.chunks).toHaveLength(3);
    expect(ours.every((e) => e.decision.reference === 'SN 2024/0412' && e.method === 'crypto-shred')).toBe(true);
    const inaktuella = protocol.filter((e) => e.rule.id === inaktuellRuleId);
    expect(inaktuella.map((e) => e.counts.deleted)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(inaktuella.every((e) => e.decision.reference === 'KS 2024/0233')).toBe(true);
    const text = JSON.stringify(protocol);
    for (const id of Object.values(conv)) expect(text).not.toContain(id);
    for (const pnr of [ANNA, HELD_PERSON]) {
      expect(text).not.toContain(pnr);
      expect(text).not.toContain(keys.of(pnr));
    }
    const verified = (await ret().get('/v1/protocol/verify').set('Authorization', `Bearer ${archivist}`).expect(200)).body;
    expect(verified).toMatchObject({ ok: true, length: protocol.length });

    // Someone edits one entry in the database: one deletion fewer on the night of 2026-03-16.
    const tampered = ours[6]!;
    await retentionRaw.collection('gallringsprotokoll').updateOne({ _id: tampered.seq } as never, { $set: { 'counts.deleted': 0 } });
    const broken = (await ret().get('/v1/protocol/verify').set('Authorization', `Bearer ${archivist}`).expect(200)).body;
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: tampered.seq });
  });
});
