// Faults during gallring (issue 12): a retention run is under way and a municipal system sends a burst
// of messages when the retention service's process is killed (SIGKILL, a real OS process) between two
// purge chunks, and then the Kafka broker is stopped for FAULTS_OUTAGE_MS (default 30 s) while the burst
// goes on. The broker is started again, then the retention service, on the same database and consumer
// group. Afterwards every event has been handled once in effect: the run finished and deleted exactly
// what was due, once, with one protocol entry that verifies; every conversation of the burst is there
// once with its messages, and retention knows each one once, nothing lost. /health said Kafka was down
// while the broker was, and OK after.
//
// The broker is this file's own (scripts/infra.mjs startOwnKafka, so the shared one is never touched);
// MongoDB is the shared one. The messages service runs in the test process on a clock three days behind,
// so the conversations it closes now are due under a rule "delete one day after closing"; retention, in
// its own process, lives in real time. Its scheduler is on: it asks again for chunks left unanswered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { TopicNames } from '@insyn/messaging';
import { findPersonnummer } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { ServiceDescription } from '@insyn/service-kit';
import { createTestApp, eventually, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { Kafka, logLevel } from 'kafkajs';
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { activateWithApproval, approverToken } from '../retention/rule-approval.js';
import { tempDir } from '../identity/identity-harness.js';
import { useOwnKafka } from '../security/services-harness.js';
import { type AppProcess, freePort, startAppProcess } from './app-process.js';

/** How long the broker stays down: the 30 s unless FAULTS_OUTAGE_MS says otherwise. */
const OUTAGE_MS = Number(process.env.FAULTS_OUTAGE_MS ?? 30_000);
const ANNA = '199908072391';
/** Conversations due for gallring, deleted two per chunk: eight chunks. */
const DUE = 16;
const CHUNK_SIZE = 2;
const CHUNKS = DUE / CHUNK_SIZE;
/** The burst: conversations opened, answered and closed while the run works, and as many during the outage. */
const BURST = 8;
const DAY = 86_400_000;

const timings: Record<string, number> = {};
const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[what] = Date.now() - started;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The messages service's clock: three days behind, so what it closes now is due under a rule of one day. */
class ThreeDaysBehind extends Clock {
  now(): Date {
    return new Date(Date.now() - 3 * DAY);
  }
}

const broker = await timed('start the broker', () => useOwnKafka());
const tokens = await TestTokens.create();
const suffix = uniqueSuffix();
const UNIT_A = `faults-a-${suffix}`; // the rule's unit
const UNIT_B = `faults-b-${suffix}`; // the burst's
const units = JSON.stringify({ [UNIT_A]: { name: 'Individ- och familjeomsorgen (e2e)' }, [UNIT_B]: { name: 'Kommunstyrelsen (e2e)' } });
const dirs = [tempDir('insyn-faults-kek-'), tempDir('insyn-faults-archive-')];
const { db: messagesDb } = useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: 'e2e-faults-subject-key-secret-32-chars!',
  DOCS_ENABLED: 'false',
  MESSAGES_UNITS: units,
  MESSAGES_KEK_FILE: path.join(dirs[0]!, 'kek.json'),
  ARCHIVE_DIR: dirs[1]!,
  // A killed member's partitions move after 10 s instead of 30 (every handler here is short).
  KAFKA_SESSION_TIMEOUT_MS: '10000',
});
const { AppModule, SERVICE } = (await import('../../apps/messages/src/testing.js')) as { AppModule: unknown; SERVICE: ServiceDescription };
const retentionDb = `${messagesDb}_retention`;
/** The retention process's settings on top of the test's (the same token key, subject key secret, broker). */
const RETENTION_ENV = {
  MONGODB_DB: retentionDb,
  KAFKA_CONSUMER_GROUP: `insyn-${retentionDb}`,
  LOG_LEVEL: 'info',
  RETENTION_UNITS: units,
  RETENTION_SCHEDULER: 'on',
  RETENTION_TICK_MS: '1000',
  RETENTION_CHUNK_SIZE: String(CHUNK_SIZE),
  RETENTION_CHUNK_TIMEOUT_MS: '15000',
  // The killed process's lease on the rule runs out soon, so the new one supervises the run.
  RETENTION_LEASE_MS: '5000',
  KAFKA_SESSION_TIMEOUT_MS: '10000',
};

interface RunView {
  status: string;
  counts?: { candidates: number; deleted: number; held: number; blocked: number };
  progress: { chunksRequested: number; chunksAnswered: number };
}
interface RunRecord {
  status: string;
  expected: number | null;
  chunks: { chunk: number; attempts: number; answer?: { deleted: number } }[];
}

describe('faults during gallring: a retention process killed mid-run, the broker down for 30 s (own broker, real MongoDB)', () => {
  let messages: INestApplication;
  let messagesRaw: mongoose.Connection;
  let retentionRaw: mongoose.Connection;
  let retentionPort: number;
  let retention: AppProcess;
  /** Every retention process started, for the log check. */
  const retentionProcesses: AppProcess[] = [];
  let systemA: string;
  let systemB: string;
  let admin: string;
  let archivist: string;
  const ruleId = `faults-${suffix}`;
  const due: string[] = [];

  const msg = () => request(messages.getHttpServer());
  const ret = () => request(retention.url);
  const health = async () => (await msg().get('/health')).status;
  const startRetention = async () => {
    retention = await startAppProcess('retention', RETENTION_ENV, retentionPort);
    retentionProcesses.push(retention);
  };

  /** One conversation of the burst: opened by the unit's system, answered once more, closed. */
  async function converse(i: number): Promise<string> {
    const auth = `Bearer ${systemB}`;
    const opened = await msg()
      .post('/v1/conversations')
      .set('Authorization', auth)
      .send({ personnummer: ANNA, subject: 'Kallelse till möte', body: `Meddelande ${i}` })
      .expect(201);
    const id = (opened.body as { conversationId: string }).conversationId;
    await msg()
      .post(`/v1/conversations/${id}/messages`)
      .set('Authorization', auth)
      .send({ body: `Påminnelse ${i}` })
      .expect(201);
    await msg().post(`/v1/conversations/${id}/close`).set('Authorization', auth).send({}).expect(200);
    return id;
  }
  /** `count` conversations, three at a time. */
  async function burst(from: number, count: number): Promise<string[]> {
    const ids: string[] = [];
    let next = from;
    const worker = async () => {
      while (next < from + count) ids.push(await converse(next++));
    };
    await Promise.all([worker(), worker(), worker()]);
    return ids;
  }

  beforeAll(async () => {
    messages = await timed('start messages', () => createTestApp(AppModule, SERVICE, { clock: new ThreeDaysBehind() }));
    messagesRaw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: messagesDb }).asPromise();
    retentionRaw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: retentionDb }).asPromise();
    retentionPort = await freePort();
    await timed('start retention', startRetention);
    const client = (sub: string, unit: string) =>
      tokens.mint({ sub, kind: 'client', scope: 'messages:send messages:read', unit }, { expiresIn: '30m' });
    systemA = await client('faults-system-a', UNIT_A);
    systemB = await client('faults-system-b', UNIT_B);
    const official = (role: string) =>
      tokens.mint(
        { sub: `faults-${role}`, kind: 'official', roles: [role], unit: UNIT_A, hsa_id: 'SE2321000230-faults', loa: 3, idp: 'siths' },
        { expiresIn: '30m' },
      );
    admin = await official('retention-admin');
    archivist = await official('archivist');
  }, 240_000);

  afterAll(async () => {
    await retention?.kill('SIGTERM');
    await messagesRaw?.close();
    await retentionRaw?.close();
    await messages?.close();
    await broker.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`faults test, milliseconds: ${JSON.stringify(timings)}\n`);
  });

  it(`${DUE} conversations closed (three days ago by messages' clock) and archived are due under an active rule`, async () => {
    for (let i = 0; i < DUE; i++) {
      const opened = await msg()
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${systemA}`)
        .send({ personnummer: ANNA, subject: 'Beslut', body: `Gallras ${i}` })
        .expect(201);
      due.push((opened.body as { conversationId: string }).conversationId);
      await msg().post(`/v1/conversations/${due[i]}/close`).set('Authorization', `Bearer ${systemA}`).send({}).expect(200);
    }
    await eventually(
      async () =>
        (await messagesRaw.collection('conversations').countDocuments({ unit: UNIT_A, 'archive.status': 'archived' })) === DUE
          ? true
          : undefined,
      60_000,
      'the due conversations archived',
    );
    await eventually(
      async () =>
        (await retentionRaw.collection('candidates').countDocuments({ unit: UNIT_A, closedAt: { $exists: true } })) === DUE
          ? true
          : undefined,
      60_000,
      'retention to know the due conversations',
    );
    await ret()
      .post('/v1/rules')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        ruleId,
        unit: UNIT_A,
        informationType: 'secure-message',
        action: 'archive-then-delete',
        trigger: 'conversation-closed',
        after: 'P1D',
        preconditions: ['archived'],
        // Never within the test (29 February): only the run started by hand runs.
        schedule: '0 2 29 2 *',
        decision: { body: 'Socialnämnden', date: '2024-12-10', reference: 'SN 2024/0999', section: '§ 12' },
      })
      .expect(201);
    await activateWithApproval(retention.url, ruleId, 1, admin, await approverToken(tokens, UNIT_A));
  });

  it('the run finishes with what was due deleted once, the burst is kept once, and /health followed the broker', async () => {
    const runs = () => retentionRaw.collection<RunRecord & { _id: string }>('runs');
    const started = await ret().post(`/v1/rules/${ruleId}/runs`).set('Authorization', `Bearer ${admin}`).expect(202);
    const runId = (started.body as { runId: string }).runId;
    const firstBurst = burst(0, BURST);

    // Killed between chunks: once the first answer is recorded, the process ends at whatever it is doing.
    await timed('the first chunk answered', () =>
      eventually(
        async () => ((await runs().findOne({ _id: runId }))?.chunks.some((c) => c.answer) ? true : undefined),
        60_000,
        'the first chunk answered',
      ),
    );
    await retention.kill('SIGKILL');
    const atKill = (await runs().findOne({ _id: runId }))!;
    const answeredAtKill = atKill.chunks.filter((c) => c.answer).length;
    expect(atKill.status).toBe('running');
    expect(answeredAtKill).toBeLessThan(CHUNKS);
    const burstIds = await timed('the first burst', () => firstBurst);

    // The broker goes away; messages goes on taking writes, and says Kafka is down.
    const outageStarted = Date.now();
    await timed('stop the broker', () => broker.stop());
    await timed('health to report Kafka down', () =>
      eventually(async () => ((await health()) === 503 ? true : undefined), 30_000, '/health to answer 503'),
    );
    expect((await msg().get('/health')).body).toMatchObject({ details: { kafka: { status: 'down' } } });
    burstIds.push(...(await timed('the burst during the outage', () => burst(BURST, BURST))));
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
    const stillDown = await msg().get('/health');
    expect(stillDown.status).toBe(503);
    expect(stillDown.body).toMatchObject({ details: { kafka: { status: 'down' } } });
    timings['broker down'] = Date.now() - outageStarted;

    await timed('start the broker again', () => broker.start());
    await timed('health to report Kafka up', () =>
      eventually(async () => ((await health()) === 200 ? true : undefined), 90_000, '/health to answer 200'),
    );
    await timed('restart retention', startRetention);
    await eventually(async () => ((await ret().get('/health')).status === 200 ? true : undefined), 60_000, 'retention healthy');

    const run = await timed('the run to finish', () =>
      eventually(
        async () => {
          const view = (await ret().get(`/v1/runs/${runId}`).set('Authorization', `Bearer ${archivist}`).expect(200)).body as RunView;
          return view.status === 'finished' ? view : undefined;
        },
        120_000,
        'the run to finish',
      ).catch(async (err: Error) => {
        // Say where it stopped: the run's chunks, the owner's purge records, the events still waiting in outboxes.
        const chunks = (await runs().findOne({ _id: runId }))?.chunks;
        const purges = await messagesRaw
          .collection('purges')
          .find({ runId }, { projection: { ids: 0 } })
          .toArray();
        const waiting = {
          conversations: await messagesRaw.collection('conversations').countDocuments({ 'outbox.0': { $exists: true } }),
          purges: await messagesRaw.collection('purges').countDocuments({ 'outbox.0': { $exists: true } }),
        };
        throw new Error(`${err.message}: ${JSON.stringify({ chunks, purges, waitingInMessagesOutboxes: waiting })}`);
      }),
    );

    // The run: what was due, deleted once, in as many chunks as it takes, each answered once.
    expect(run).toMatchObject({
      counts: { candidates: DUE, deleted: DUE, held: 0, blocked: 0 },
      progress: { chunksRequested: CHUNKS, chunksAnswered: CHUNKS },
    });
    const stored = (await runs().findOne({ _id: runId }))!;
    expect(stored.expected).toBe(DUE);
    expect(stored.chunks.map((c) => c.answer?.deleted)).toEqual(Array(CHUNKS).fill(CHUNK_SIZE));
    // One protocol entry for the run, and the chain verifies.
    const protocol = (await ret().get('/v1/protocol?limit=100').set('Authorization', `Bearer ${archivist}`).expect(200)).body as {
      entries: { rule: { id: string }; counts: { deleted: number }; chunks: unknown[] }[];
    };
    const entries = protocol.entries.filter((e) => e.rule.id === ruleId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ counts: { deleted: DUE } });
    expect(entries[0]!.chunks).toHaveLength(CHUNKS);
    expect((await ret().get('/v1/protocol/verify').set('Authorization', `Bearer ${archivist}`).expect(200)).body).toMatchObject({
      ok: true,
    });

    // Messages: each due conversation deleted by exactly one purge request, with its messages and data key.
    const purges = await messagesRaw.collection<{ status: string; ids: string[] }>('purges').find({ runId }).toArray();
    expect(purges).toHaveLength(CHUNKS);
    expect(purges.every((p) => p.status === 'done')).toBe(true);
    expect(purges.flatMap((p) => p.ids).sort()).toEqual([...due].sort());
    expect(await messagesRaw.collection('conversations').countDocuments({ unit: UNIT_A })).toBe(0);
    expect(await messagesRaw.collection('messages').countDocuments({ conversationId: { $in: due } })).toBe(0);
    expect(await messagesRaw.collection('data_keys').countDocuments({ _id: { $in: due } } as never)).toBe(0);
    expect(await retentionRaw.collection('candidates').countDocuments({ unit: UNIT_A })).toBe(0);

    // The burst: every conversation once, with its two messages, and retention knows each once.
    const kept = await messagesRaw
      .collection<{ _id: string; status: string }>('conversations')
      .find({ unit: UNIT_B } as never)
      .toArray();
    expect(kept.map((c) => c._id).sort()).toEqual([...burstIds].sort());
    expect(kept.every((c) => c.status === 'closed')).toBe(true);
    const perConversation = await messagesRaw
      .collection('messages')
      .aggregate<{ _id: string; n: number }>([
        { $match: { conversationId: { $in: burstIds } } },
        { $group: { _id: '$conversationId', n: { $sum: 1 } } },
      ])
      .toArray();
    expect(perConversation.map((c) => c.n)).toEqual(Array(2 * BURST).fill(2));
    const candidates = await timed('retention to learn of the burst', () =>
      eventually(
        async () => {
          const found = await retentionRaw
            .collection<{ _id: string }>('candidates')
            .find({ unit: UNIT_B, closedAt: { $exists: true } })
            .toArray();
          return found.length >= burstIds.length ? found : undefined;
        },
        60_000,
        'a candidate for every conversation of the burst',
      ),
    );
    expect(candidates.map((c) => c._id).sort()).toEqual([...burstIds].sort());

    // Each conversation of the burst closed once: one event (however many copies the relay sent), handled once.
    const kafka = new Kafka({ clientId: `faults-${suffix}`, brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `faults-count-${suffix}` });
    const events = new Map<string, Set<string>>();
    let copies = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [TopicNames.fromEnv().onBroker(Topics.MessagesConversationClosedV1)], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const event = JSON.parse(message.value!.toString()) as { id: string; data: { conversationId: string } };
        if (burstIds.includes(event.data.conversationId)) {
          copies++;
          events.set(event.data.conversationId, (events.get(event.data.conversationId) ?? new Set()).add(event.id));
        }
        return Promise.resolve();
      },
    });
    await eventually(() => (events.size === burstIds.length ? true : undefined), 60_000, 'the burst’s events on the topic');
    await consumer.disconnect();
    expect([...events.values()].every((ids) => ids.size === 1)).toBe(true);
    const eventIds = [...events.values()].flatMap((ids) => [...ids]);
    // The inbox records an event once its handler is done, just after the candidate is written.
    const handled = await eventually(
      async () => {
        const found = await retentionRaw
          .collection<{ eventId: string; outcome: string }>('inbox')
          .find({ consumer: 'CandidatesConsumer.onConversationClosed', eventId: { $in: eventIds } })
          .toArray();
        return found.length === eventIds.length ? found : undefined;
      },
      20_000,
      'the burst’s events in retention’s inbox',
    );
    expect(handled.map((h) => h.outcome)).toEqual(Array(burstIds.length).fill('handled'));

    expect(await health()).toBe(200);
    // What the retention processes wrote: no personnummer.
    expect(retentionProcesses.flatMap((p) => findPersonnummer(p.output()))).toEqual([]);
    process.stdout.write(
      `faults test: retention killed with ${answeredAtKill} of ${CHUNKS} chunks answered; ` +
        `chunk attempts ${JSON.stringify(stored.chunks.map((c) => c.attempts))}; ${copies} copies of ${burstIds.length} closed events on the topic\n`,
    );
  }, 420_000);
});
