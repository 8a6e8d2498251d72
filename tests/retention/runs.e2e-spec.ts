// Gallring runs in the retention service over real HTTP, Kafka and MongoDB, with two instances sharing one
// database and one consumer group (two replicas), in simulated time. The test plays the owning service:
// it reads the purge requests from Kafka and answers them. Chunks, answers, repeats, retries after a
// silence, the lease that lets one replica at a time schedule and supervise a rule, holds on a whole unit,
// a version activated while a run is being started, answers that contradict their digest, bad input, and
// the protocol entry each run leaves.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { ConversationClosedV1Event, type PurgeCompletedV1, PurgeCompletedV1Event, type PurgeRequestedV1, Topics } from '@insyn/contracts';
import {
  createTestApp,
  followPages,
  eventually,
  KafkaProbe,
  OpenApiConformance,
  ManualClock,
  publishEvent,
  TestTokens,
  uniqueSuffix,
  useTestEnvironment,
} from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { activateWithApproval, approverToken } from './rule-approval.js';

const UNIT = `runs-${uniqueSuffix()}`;
const OTHER_UNIT = `runs-held-${uniqueSuffix()}`;
const tokens = await TestTokens.create();
const { db } = useTestEnvironment({
  ...tokens.env,
  RETENTION_UNITS: JSON.stringify({ [UNIT]: { name: 'Runs e2e' }, [OTHER_UNIT]: { name: 'Runs e2e, held' } }),
  RETENTION_SCHEDULER: 'off', // no timer: the test ticks each instance itself
  RETENTION_CHUNK_SIZE: '2',
  RETENTION_CHUNK_TIMEOUT_MS: '60000',
  RETENTION_LEASE_MS: '120000',
  RETENTION_TICK_MS: '30000',
});
const { AppModule, SERVICE, RunScheduler, RulesQuery } = await import('../../apps/retention/src/testing.js');
type TickReport = Awaited<ReturnType<InstanceType<typeof RunScheduler>['tick']>>;

const DAY = 86_400_000;

/** What the tests read of a run's JSON. */
interface RunView {
  runId: string;
  ruleVersion: number;
  status: string;
  protocolSeq?: number;
  expected: number | null;
  selection: { triggeredBefore: string };
  progress: { chunksAnswered: number; waiting: { chunk: number; attempts: number; lastError?: string }[] };
}
const sha = (ids: string[]) =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');

describe('retention runs (two instances, real Kafka and MongoDB, simulated time)', () => {
  const clock = new ManualClock('2026-03-16T09:00:00Z');
  let a: INestApplication;
  let b: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let admin: string;
  let dpo: string;

  const http = (app: INestApplication) => request(app.getHttpServer());
  /** Conversations of this file's unit closed 2023-02-01, as the messages service announces them; resolves once retention has them. */
  const closedCandidates = async (ids: string[]) => {
    for (const id of ids) {
      await publishEvent(
        ConversationClosedV1Event,
        {
          conversationId: id,
          unit: UNIT,
          informationType: 'secure-message',
          openedAt: '2023-01-01T09:00:00.000Z',
          closedAt: '2023-02-01T09:00:00.000Z',
          closedBy: { kind: 'official', id: 'SE2321000230-test1' },
          messageCount: 1,
        },
        { source: 'messages' },
      );
    }
    await eventually(async () =>
      (await raw.collection('candidates').countDocuments({ _id: { $in: ids } } as never)) === ids.length ? true : undefined,
    );
  };
  const post = (app: INestApplication, path: string, token: string, body: object = {}) =>
    http(app).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const conformance = OpenApiConformance.fromFile('apps/retention/openapi.json');
  const get = (app: INestApplication, path: string, token: string) => http(app).get(path).set('Authorization', `Bearer ${token}`);

  /** The purge requests a run sent so far, in the order they came. */
  const requestsOf = (runId: string): PurgeRequestedV1[] =>
    probe
      .on(Topics.RetentionPurgeRequestedV1)
      .map((m) => m.json<{ data: PurgeRequestedV1 }>()?.data)
      .filter((d): d is PurgeRequestedV1 => d?.runId === runId);
  const waitForRequests = async (runId: string, n: number) =>
    eventually(() => (requestsOf(runId).length >= n ? requestsOf(runId) : undefined), 20_000, `${n} purge requests of ${runId}`);

  const answer = (req: PurgeRequestedV1, over: Partial<PurgeCompletedV1> = {}): PurgeCompletedV1 => {
    const ids = over.deletedIds ?? [`${req.runId}-x${req.chunk}a`, `${req.runId}-x${req.chunk}b`];
    return {
      requestId: req.requestId,
      runId: req.runId,
      chunk: req.chunk,
      service: 'messages',
      deleted: ids.length,
      skippedHeld: 1,
      blockedUnarchived: 2,
      remaining: false,
      deletedIdsSha256: sha(ids),
      deletedIds: ids,
      method: 'crypto-shred',
      completedAt: clock.now().toISOString(),
      ...over,
    };
  };
  const runOf = async (app: INestApplication, runId: string): Promise<RunView> =>
    (await get(app, `/v1/runs/${runId}`, dpo).expect(200)).body as RunView;
  const waitForRun = (runId: string, check: (run: RunView) => boolean, what: string) =>
    eventually(
      async () => {
        const run = await runOf(a, runId);
        return check(run) ? run : undefined;
      },
      20_000,
      what,
    );

  async function activeRule(ruleId: string, over: Record<string, unknown> = {}) {
    await post(a, '/v1/rules', admin, {
      ruleId,
      unit: UNIT,
      informationType: 'secure-message',
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P2Y',
      schedule: '0 2 * * *',
      decision: { body: 'Socialnämnden', date: '2025-05-12', reference: `SN 2025/${uniqueSuffix()}`, section: '§ 45' },
      ...over,
    }).expect(201);
    await activateWithApproval(a.getHttpServer(), ruleId, 1, admin, await approverToken(tokens));
  }

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.RetentionPurgeRequestedV1, Topics.DeadLetterV1]);
    a = await createTestApp(AppModule, SERVICE, { clock });
    b = await createTestApp(AppModule, SERVICE, { clock });
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    admin = await tokens.official(['retention-admin']);
    dpo = await tokens.official(['dpo']);
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await b?.close();
    await a?.close();
  });

  it('a run started by hand asks in chunks, records each answer once, finishes on the last and leaves a protocol entry', async () => {
    const ruleId = `runs-manual-${uniqueSuffix()}`;
    await activeRule(ruleId);
    // Two candidates the owner will report deleted: they leave retention's candidates.
    const gone = [`gone-${uniqueSuffix()}-1`, `gone-${uniqueSuffix()}-2`];
    await closedCandidates(gone);
    await post(a, '/v1/holds', admin, {
      scope: 'conversation',
      target: 'conv-held-000000000001',
      reason: 'public-records-request',
      reviewAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    }).expect(201);

    const started = await post(b, `/v1/rules/${ruleId}/runs`, admin).expect(202);
    const runId = started.body.runId as string;
    expect(started.headers.location).toBe(`/v1/runs/${runId}`);
    expect(started.body).toMatchObject({
      ruleId,
      ruleVersion: 1,
      origin: 'manual',
      status: 'running',
      executedBy: expect.stringMatching(/^official:/),
      selection: { service: 'messages', unit: UNIT, triggeredBefore: '2024-03-15T23:00:00.000Z', requireArchived: true },
      holds: { heldItems: 1, heldPersons: 0, wholeHold: null },
    });
    // A second start while it runs: 409.
    const conflict = await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(409);
    expect(conflict.body).toMatchObject({ status: 409, title: 'A run of the rule is in progress' });

    const [first] = await waitForRequests(runId, 1);
    expect(first).toMatchObject({
      requestId: `${runId}-c0`,
      ruleId,
      chunk: 0,
      limit: 2,
      method: 'crypto-shred',
      exclusions: { subjectKeys: [], itemIds: ['conv-held-000000000001'] },
    });
    // The key is the run id: chunks of one run stay in order on one partition. No personal data in it.
    expect(probe.on(Topics.RetentionPurgeRequestedV1).find((m) => m.json<{ data: { runId: string } }>()?.data.runId === runId)!.key).toBe(
      runId,
    );

    // A data-subject request makes a person hold while the run works: it protects from the next chunk on.
    await post(a, '/v1/holds', admin, {
      scope: 'person',
      personnummer: '191212121212',
      reason: 'data-subject-request',
      reviewAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    }).expect(201);
    await publishEvent(PurgeCompletedV1Event, answer(first!, { remaining: true, deletedIds: gone }));
    const [, second] = await waitForRequests(runId, 2);
    expect(second).toMatchObject({ requestId: `${runId}-c1`, chunk: 1, exclusions: { itemIds: ['conv-held-000000000001'] } });
    expect(second!.exclusions.subjectKeys).toEqual([expect.stringMatching(/^sk1_/)]);
    // What is due by retention's own records is counted while the run works: the progress's denominator.
    await waitForRun(runId, (r) => r.expected === 2, 'the expected candidates to be counted');
    const halfway = await waitForRun(runId, (r) => r.progress.chunksAnswered === 1, 'chunk 0 recorded');
    expect(halfway.progress).toMatchObject({ chunksRequested: 2, deleted: 2, held: 1, blocked: 2 });
    await eventually(async () =>
      (await raw.collection('candidates').countDocuments({ _id: { $in: gone } } as never)) === 0 ? true : undefined,
    );

    // The owner answers chunk 0 again (it got the request twice): nothing changes.
    await publishEvent(PurgeCompletedV1Event, answer(first!, { remaining: true, deletedIds: gone }));
    await publishEvent(PurgeCompletedV1Event, answer(second!, { deletedIds: [`${runId}-last`] }));
    const done = await waitForRun(runId, (r) => r.status === 'finished', 'the run to finish');
    expect(done).toMatchObject({
      counts: { candidates: 6, held: 1, blocked: 2, deleted: 3 },
      progress: { chunksRequested: 2, chunksAnswered: 2, fraction: 1 },
      protocolSeq: expect.any(Number),
    });
    expect(requestsOf(runId)).toHaveLength(2);

    const entries = (await get(a, `/v1/protocol?fromSeq=${done.protocolSeq}&limit=1`, dpo).expect(200)).body;
    const entry = entries.entries[0];
    expect(entry).toMatchObject({
      runId,
      rule: { id: ruleId, version: 1, action: 'overfor-och-gallra', after: 'P2Y' },
      counts: { candidates: 6, held: 1, blocked: 2, deleted: 3 },
      method: 'crypto-shred',
      chunks: [
        { chunk: 0, deleted: 2, deletedIdsSha256: sha(gone) },
        { chunk: 1, deleted: 1, deletedIdsSha256: sha([`${runId}-last`]) },
      ],
    });
    expect(JSON.stringify(entry)).not.toContain('conv-held');
    expect((await get(b, '/v1/protocol/verify', dpo).expect(200)).body).toMatchObject({ ok: true });

    // The rule may run again; the list shows the run.
    const listed = await get(a, `/v1/runs?ruleId=${ruleId}`, dpo).expect(200);
    const list = listed.body as { runId: string; status: string }[];
    expect(list).toEqual([expect.objectContaining({ runId, status: 'finished' })]);
    const again = await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202);
    // A finished run, a list and a run just started, each as the OpenAPI document describes them.
    const shown = await get(a, `/v1/runs/${runId}`, dpo).expect(200);
    for (const [path, res, method] of [
      [`/v1/runs/${runId}`, shown, 'get'],
      [`/v1/runs`, listed, 'get'],
      [`/v1/rules/${ruleId}/runs`, again, 'post'],
    ] as const)
      expect(
        conformance.check({
          method,
          path,
          status: res.status,
          headers: { get: (name) => res.get(name) ?? null },
          body: res.body as unknown,
        }),
      ).toEqual([]);
    await publishEvent(PurgeCompletedV1Event, answer((await waitForRequests(again.body.runId, 1))[0]!, { deletedIds: [] }));
    await waitForRun(again.body.runId, (r) => r.status === 'finished', 'the second run to finish');
    // Operators see it in the metrics.
    const metrics = (await http(a).get('/metrics').expect(200)).text + (await http(b).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/insyn_retention_runs_finished_total\{outcome="completed"\} [1-9]/);
    expect(metrics).toMatch(/insyn_retention_items_total\{disposition="deleted"\} [1-9]/);
  });

  it('the scheduler starts a rule once per slot, on one replica only; when it falls silent the other takes over and asks again', async () => {
    const ruleId = `runs-scheduled-${uniqueSuffix()}`;
    clock.set('2026-03-16T09:00:00Z');
    await activeRule(ruleId);
    const scheduler = (app: INestApplication) => app.get(RunScheduler);

    // Before 02:00 the next day nothing is due.
    clock.set('2026-03-17T00:30:00Z'); // 01:30 in Stockholm
    const startedOf = (reports: TickReport[]) => reports.flatMap((r) => r.started).filter((s) => s.ruleId === ruleId);
    const early = await Promise.all([scheduler(a).tick(), scheduler(b).tick()]);
    expect(startedOf(early)).toEqual([]);

    clock.set('2026-03-17T01:00:30Z'); // 02:00:30 in Stockholm
    const reports = await Promise.all([scheduler(a).tick(), scheduler(b).tick(), scheduler(a).tick(), scheduler(b).tick()]);
    const started = startedOf(reports);
    expect(started).toHaveLength(1);
    const runId = started[0]!.runId;
    const holders = new Set(reports.filter((r) => r.leased.includes(ruleId)).map((r) => reports.indexOf(r) % 2));
    expect(holders.size).toBe(1); // only one of the two instances held the rule's lease
    const holder = [...holders][0] === 0 ? a : b;
    const other = holder === a ? b : a;
    const run = await runOf(a, runId);
    expect(run).toMatchObject({
      origin: 'schedule',
      executedBy: 'service:retention-scheduler',
      approvedBy: expect.stringMatching(/^official:/),
    });
    expect(run.selection.triggeredBefore).toBe('2024-03-16T23:00:00.000Z');
    await waitForRequests(runId, 1);

    // No answer. The holder asks again after the timeout; the other instance cannot while the lease holds.
    clock.advance(30_000);
    // (Other rules of this file are due too, and their runs are retried alongside: look at this run's.)
    const retried = async (app: INestApplication) => (await scheduler(app).tick()).retried.filter((r) => r.startsWith(runId));
    expect(await retried(holder)).toEqual([]);
    clock.advance(31_000);
    expect(await retried(other)).toEqual([]);
    expect(await retried(holder)).toEqual([`${runId}:0`]);
    const twice = await waitForRequests(runId, 2);
    expect(twice[1]).toMatchObject({ requestId: twice[0]!.requestId, selection: twice[0]!.selection, exclusions: twice[0]!.exclusions });

    // The holder falls silent (no more ticks). Once its lease has run out, the other carries on.
    clock.advance(121_000);
    const takeover = await scheduler(other).tick();
    expect(takeover.leased).toContain(ruleId);
    expect(takeover.retried.filter((r) => r.startsWith(runId))).toEqual([`${runId}:0`]);
    expect((await runOf(a, runId)).progress.waiting).toEqual([expect.objectContaining({ chunk: 0, attempts: 3 })]);
    expect((await scheduler(holder).tick()).leased).not.toContain(ruleId);

    const requests = await waitForRequests(runId, 3);
    await publishEvent(PurgeCompletedV1Event, answer(requests[0]!));
    await waitForRun(runId, (r) => r.status === 'finished', 'the scheduled run to finish');

    // The same day's slot is served: no second run. The next day's slot starts the next one.
    clock.advance(60 * 60_000);
    expect(startedOf([await scheduler(other).tick()])).toEqual([]);
    clock.set('2026-03-18T01:05:00Z');
    expect(startedOf([await scheduler(other).tick()])).toHaveLength(1);
  });

  it('the scheduler finishes a run whose finishing was interrupted, and frees a rule claimed by a run never stored', async () => {
    const ruleId = `runs-crash-${uniqueSuffix()}`;
    clock.set('2026-03-25T09:00:00Z');
    await activeRule(ruleId);
    const tickBoth = async () => [await a.get(RunScheduler).tick(), await b.get(RunScheduler).tick()];
    const runId = (await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202)).body.runId as string;
    await waitForRequests(runId, 1);
    // An instance recorded the last answer and died before it could finish the run.
    const answered = {
      deleted: 0,
      skippedHeld: 0,
      blockedUnarchived: 0,
      remaining: false,
      deletedIdsSha256: sha([]),
      method: 'crypto-shred',
      completedAt: clock.now(),
      answeredAt: clock.now(),
    };
    await raw.collection('runs').updateOne({ _id: runId } as never, { $set: { 'chunks.0.answer': answered }, $inc: { revision: 1 } });
    expect((await tickBoth()).flatMap((r) => r.finished)).toContain(runId);
    expect(await runOf(a, runId)).toMatchObject({ status: 'finished', protocolSeq: expect.any(Number) });
    expect(await raw.collection('gallringsprotokoll').countDocuments({ runId })).toBe(1);

    // An instance claimed the rule for a run and died before storing it: the rule is free a minute later.
    await raw.collection('rule_schedules').updateOne({ _id: ruleId } as never, { $set: { openRunId: 'ghost-run', openedAt: clock.now() } });
    expect((await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(409)).body.detail).toContain('ghost-run');
    await tickBoth();
    await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(409);
    clock.advance(61_000);
    await tickBoth();
    await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202);
  });

  it('a run of an older version is seen through after the rule changes to keep forever', async () => {
    const ruleId = `runs-superseded-${uniqueSuffix()}`;
    clock.set('2026-03-27T09:00:00Z');
    await activeRule(ruleId);
    const runId = (await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202)).body.runId as string;
    const [first] = await waitForRequests(runId, 1);
    await post(a, `/v1/rules/${ruleId}/versions`, admin, {
      action: 'keep',
      trigger: 'conversation-closed',
      decision: { body: 'Socialnämnden', date: '2026-03-20', reference: `SN 2026/${uniqueSuffix()}`, section: '§ 12' },
    }).expect(201);
    await activateWithApproval(a.getHttpServer(), ruleId, 2, admin, await approverToken(tokens));
    clock.advance(61_000);
    const retried = [await a.get(RunScheduler).tick(), await b.get(RunScheduler).tick()].flatMap((r) => r.retried);
    expect(retried).toContain(`${runId}:0`);
    await publishEvent(PurgeCompletedV1Event, answer(first!));
    expect(await waitForRun(runId, (r) => r.status === 'finished', 'the old version’s run to finish')).toMatchObject({ ruleVersion: 1 });
  });

  it('a version activated after the rule was read stops the start (409 by hand, skipped by the scheduler); the active version runs', async () => {
    const ruleId = `runs-reread-${uniqueSuffix()}`;
    clock.set('2026-03-21T09:00:00Z');
    await activeRule(ruleId, { after: 'P1Y' });
    const rules = a.get(RulesQuery);
    const stale = (await rules.activeVersion(ruleId))!;
    // The nämnd extends P1Y to P5Y: a new version under a new decision, activated now.
    await post(a, `/v1/rules/${ruleId}/versions`, admin, {
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P5Y',
      schedule: '0 2 * * *',
      decision: { body: 'Socialnämnden', date: '2026-03-20', reference: `SN 2026/${uniqueSuffix()}`, section: '§ 13' },
    }).expect(201);
    await activateWithApproval(a.getHttpServer(), ruleId, 2, admin, await approverToken(tokens));

    // By hand: the endpoint read version 1 just before version 2 was activated.
    const endpointRead = jest.spyOn(rules, 'activeVersion').mockResolvedValueOnce(stale);
    const refused = await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(409);
    endpointRead.mockRestore();
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 409,
      type: expect.stringMatching(/rule-version-superseded$/),
      detail: expect.stringContaining('superseded by version 2'),
      ruleVersion: 1,
      activeVersion: 2,
    });

    // By the scheduler: its pass read the rules before version 2 was activated.
    clock.set('2026-03-22T01:00:30Z'); // 02:00:30 in Stockholm: a slot has come
    const passRead = jest.spyOn(rules, 'activeRules').mockResolvedValueOnce([stale]);
    const report = await a.get(RunScheduler).tick();
    passRead.mockRestore();
    expect(report.leased).toContain(ruleId);
    expect(report.started).toEqual([]);

    // No run of version 1 was stored or asked for, and the rule is free: started again, version 2 runs.
    expect((await get(a, `/v1/runs?ruleId=${ruleId}`, dpo).expect(200)).body).toEqual([]);
    const started = await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202);
    expect(started.body).toMatchObject({ ruleVersion: 2, selection: { triggeredBefore: '2021-03-21T23:00:00.000Z' } });
    const [first] = await waitForRequests(started.body.runId as string, 1);
    expect(first).toMatchObject({ ruleVersion: 2 });
    await publishEvent(PurgeCompletedV1Event, answer(first!, { deletedIds: [] }));
    await waitForRun(started.body.runId as string, (r) => r.status === 'finished', 'the version 2 run to finish');
  });

  it('an answer whose listed ids contradict its count or digest is not recorded: the chunk is asked again', async () => {
    const ruleId = `runs-digest-${uniqueSuffix()}`;
    clock.set('2026-03-23T09:00:00Z');
    await activeRule(ruleId);
    const runId = (await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202)).body.runId as string;
    const [first] = await waitForRequests(runId, 1);

    await publishEvent(PurgeCompletedV1Event, answer(first!, { deletedIdsSha256: sha(['not-what-was-deleted']) }));
    const rejected = await waitForRun(runId, (r) => r.progress.waiting.length === 1, 'the rejected answer to show');
    expect(rejected).toMatchObject({ status: 'running', progress: { chunksAnswered: 0 } });
    expect(rejected.progress.waiting[0]).toMatchObject({ chunk: 0, lastError: expect.stringMatching(/do not match deletedIdsSha256/) });
    await publishEvent(PurgeCompletedV1Event, answer(first!, { deleted: 5 }));
    await waitForRun(runId, (r) => /says 5 were deleted/.test(r.progress.waiting[0]?.lastError ?? ''), 'the count mismatch to show');

    // Not answered, so asked again after the timeout, with the same request id.
    clock.advance(61_000);
    const retried = [await a.get(RunScheduler).tick(), await b.get(RunScheduler).tick()].flatMap((r) => r.retried);
    expect(retried).toContain(`${runId}:0`);
    const [, again] = await waitForRequests(runId, 2);
    expect(again!.requestId).toBe(first!.requestId);
    await publishEvent(PurgeCompletedV1Event, answer(again!));
    const done = await waitForRun(runId, (r) => r.status === 'finished', 'the run to finish on a consistent answer');
    const ids = [`${runId}-x0a`, `${runId}-x0b`];
    const entry = (await get(a, `/v1/protocol?fromSeq=${done.protocolSeq}&limit=1`, dpo).expect(200)).body.entries[0];
    expect(entry).toMatchObject({ runId, counts: { deleted: 2 }, chunks: [{ chunk: 0, deleted: 2, deletedIdsSha256: sha(ids) }] });
  });

  it('a hold on the rule set while a run works stops it at the next chunk; what was done and what it left are recorded', async () => {
    const ruleId = `runs-rule-held-${uniqueSuffix()}`;
    clock.set('2026-03-26T09:00:00Z');
    await activeRule(ruleId);
    // Seven more candidates due by retention's own records: more than the owner gets to in the one chunk.
    const due = Array.from({ length: 7 }, (_, i) => `left-${uniqueSuffix()}-${i}`);
    await closedCandidates(due);
    const runId = (await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202)).body.runId as string;
    const [first] = await waitForRequests(runId, 1);
    const { expected } = await waitForRun(runId, (r) => r.expected !== null, 'the expected candidates to be counted');
    expect(expected).toBeGreaterThanOrEqual(due.length);
    await post(a, '/v1/holds', admin, {
      scope: 'rule',
      target: ruleId,
      reason: 'supervisory-case',
      reviewAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    }).expect(201);
    await publishEvent(PurgeCompletedV1Event, answer(first!, { remaining: true }));
    const run = await waitForRun(runId, (r) => r.status === 'finished', 'the held run to stop');
    // Deleted 2, blocked 2, held 1 by the owner's count; the rest of what was expected the stop left: held too.
    const counts = { candidates: expected!, deleted: 2, held: expected! - 4, blocked: 2 };
    expect(run).toMatchObject({
      stoppedEarly: 'a hold on the rule was set while the run worked',
      counts,
      progress: { chunksRequested: 1, chunksAnswered: 1 },
    });
    const entry = (await get(a, `/v1/protocol?fromSeq=${run.protocolSeq}&limit=1`, dpo).expect(200)).body.entries[0];
    expect(entry).toMatchObject({ runId, counts, remark: 'Avbruten: gallringsstopp på regeln under körningen' });
    await new Promise((r) => setTimeout(r, 300));
    // No further chunk was asked for. Chunk 0 may be on the topic twice: delivery is at least once, and a
    // slow machine's run asks again for an unanswered chunk (the test before this one).
    expect([...new Set(requestsOf(runId).map((r) => r.chunk))]).toEqual([0]);
  });

  it('a hold on the whole unit stops a run before it asks anything, and the protocol records it', async () => {
    const ruleId = `runs-unit-held-${uniqueSuffix()}`;
    clock.set('2026-03-20T09:00:00Z');
    await activeRule(ruleId, { unit: OTHER_UNIT });
    await post(a, '/v1/holds', admin, {
      scope: 'unit',
      target: OTHER_UNIT,
      reason: 'supervisory-case',
      reviewAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    }).expect(201);
    const res = await post(a, `/v1/rules/${ruleId}/runs`, admin).expect(202);
    expect(res.body).toMatchObject({
      status: 'finished',
      holds: { wholeHold: 'unit' },
      counts: { deleted: 0 },
      protocolSeq: expect.any(Number),
    });
    const entry = (await get(a, `/v1/protocol?fromSeq=${res.body.protocolSeq}&limit=1`, dpo).expect(200)).body.entries[0];
    expect(entry).toMatchObject({ runId: res.body.runId, remark: 'Gallringsstopp på enheten: inget gallrades', chunks: [] });
    await new Promise((r) => setTimeout(r, 500));
    expect(requestsOf(res.body.runId)).toEqual([]);
  });

  it('refuses bad input with problem bodies, and says who may call', async () => {
    await post(a, '/v1/rules/no-such-rule/runs', admin).expect(404);
    await post(a, '/v1/rules/NOT A RULE/runs', admin).expect(400);
    await get(a, '/v1/runs/not-a-run-id', dpo).expect(400);
    await get(a, '/v1/runs/0190f5a2-0000-7000-8000-000000000001', dpo).expect(404);
    const bad = await get(a, '/v1/runs?status=paused&limit=5000', dpo).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['limit', 'status']);

    const keepId = `runs-keep-${uniqueSuffix()}`;
    await activeRule(keepId, { action: 'keep', after: undefined, schedule: undefined });
    const kept = await post(a, `/v1/rules/${keepId}/runs`, admin).expect(422);
    expect(kept.body.type).toMatch(/keeps-forever$/);
    const caseClosed = `runs-case-closed-${uniqueSuffix()}`;
    await activeRule(caseClosed, { trigger: 'case-closed' });
    expect((await post(a, `/v1/rules/${caseClosed}/runs`, admin).expect(422)).body.type).toMatch(/trigger-unsupported$/);

    await http(a).post(`/v1/rules/${keepId}/runs`).expect(401);
    await post(a, `/v1/rules/${keepId}/runs`, dpo).expect(403);
    await get(a, '/v1/runs', await tokens.citizen('sk1_citizen00000000000000')).expect(403);
    await get(a, '/v1/runs', await tokens.client(['retention:read'])).expect(200);
  });

  it('a malformed answer goes to the dead-letter topic; an answer to an unknown run changes nothing', async () => {
    const id = await publishEvent(PurgeCompletedV1Event, { requestId: 'x', deleted: -1 } as unknown as PurgeCompletedV1);
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(id)));
    const before = await raw.collection('runs').countDocuments({});
    await publishEvent(PurgeCompletedV1Event, {
      requestId: 'foreign-run-00000001-c0',
      runId: 'foreign-run-00000001',
      chunk: 0,
      service: 'messages',
      deleted: 0,
      skippedHeld: 0,
      blockedUnarchived: 0,
      remaining: false,
      deletedIdsSha256: sha([]),
      method: 'delete',
      completedAt: clock.now().toISOString(),
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await raw.collection('runs').countDocuments({})).toBe(before);
    await http(a).get('/health').expect(200);
  });

  it('pages the runs newest first by Link, keeping the filters: each run once; bad paging input is a 400', async () => {
    type RunSummary = { runId: string; startedAt: string };
    // Runs the scheduler may start meanwhile are newer than these: `startedBefore` holds the list still.
    const known = (await get(a, '/v1/runs', dpo).expect(200)).body as RunSummary[];
    expect(known.length).toBeGreaterThan(3);
    const before = new Date(Date.parse(known[0]!.startedAt) + 1).toISOString();
    const whole = (await get(a, `/v1/runs?startedBefore=${before}`, dpo).expect(200)).body as RunSummary[];
    const { pages, links } = await followPages<RunSummary[]>(
      (url) => get(a, url, dpo).expect(200),
      `/v1/runs?startedBefore=${before}&limit=2`,
    );
    expect(pages.flat().map((r) => r.runId)).toEqual(whole.map((r) => r.runId));
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    for (const link of links) expect(link).toMatch(/^<\/v1\/runs\?cursor=[A-Za-z0-9_-]+&limit=2>; rel="next"$/);
    const startedAt = whole.map((r) => r.startedAt);
    expect([...startedAt].sort().reverse()).toEqual(startedAt);

    const cursor = /cursor=([^&>]+)/.exec(links[0]!)![1]!;
    const fieldsOf = async (url: string) => ((await get(a, url, dpo).expect(400)).body.errors as { field: string }[]).map((e) => e.field);
    expect(await fieldsOf('/v1/runs?cursor=bm90LWEtY3Vyc29y')).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/runs?cursor=${cursor}&status=running`)).toEqual(['status']);
    expect(await fieldsOf('/v1/runs?limit=201')).toEqual(['limit']);
  });

  it('with `since`, lists the runs changed after it, oldest change first: a run finished later comes later; paged by Link keeping `since`', async () => {
    type RunSummary = { runId: string; status: string; startedAt: string; changedAt: string };
    // After every time the earlier tests set (they move the clock back and forth).
    const since = clock.set('2026-04-01T09:00:00Z').toISOString();
    clock.advance(1000);
    const first = `runs-since-a-${uniqueSuffix()}`;
    const second = `runs-since-b-${uniqueSuffix()}`;
    await activeRule(first);
    await activeRule(second);
    // Started one after the other, each counted before the clock moves on (the count is a change of its own).
    const one = (await post(a, `/v1/rules/${first}/runs`, admin).expect(202)).body as RunSummary;
    expect(one.changedAt).toBe(one.startedAt);
    await waitForRun(one.runId, (r) => r.expected !== null, 'the first run counted');
    clock.advance(1000);
    const two = (await post(b, `/v1/rules/${second}/runs`, admin).expect(202)).body as RunSummary;
    await waitForRun(two.runId, (r) => r.expected !== null, 'the second run counted');
    clock.advance(1000);
    // The first finishes after the second started: its change is the later one.
    const [request] = await waitForRequests(one.runId, 1);
    await publishEvent(PurgeCompletedV1Event, answer(request!, { deletedIds: [] }));
    await waitForRun(one.runId, (r) => r.status === 'finished', 'the first run to finish');

    const url = `/v1/runs?since=${encodeURIComponent(since)}`;
    const changed = (await get(a, url, dpo).expect(200)).body as RunSummary[];
    expect(changed.map((r) => [r.runId, r.status])).toEqual([
      [two.runId, 'running'],
      [one.runId, 'finished'],
    ]);
    expect(changed.every((r) => Date.parse(r.changedAt) > Date.parse(since))).toBe(true);
    expect(Date.parse(changed[1]!.changedAt)).toBe(clock.now().getTime());
    // Runs of the earlier tests did not change after `since`; the whole list still has them, newest first.
    const all = (await get(a, '/v1/runs', dpo).expect(200)).body as RunSummary[];
    expect(all.length).toBeGreaterThan(changed.length);
    expect(all.slice(0, 2).map((r) => r.runId)).toEqual([two.runId, one.runId]);
    // The next `since` is the greatest `changedAt` seen: after it, nothing.
    expect((await get(a, `/v1/runs?since=${encodeURIComponent(changed.at(-1)!.changedAt)}`, dpo).expect(200)).body).toEqual([]);
    // Strictly after: from the second's change, only the first.
    const fromSecond = (await get(a, `/v1/runs?since=${encodeURIComponent(changed[0]!.changedAt)}`, dpo).expect(200)).body as RunSummary[];
    expect(fromSecond.map((r) => r.runId)).toEqual([one.runId]);
    // Filters still narrow.
    expect(((await get(a, `${url}&status=running`, dpo).expect(200)).body as RunSummary[]).map((r) => r.runId)).toEqual([two.runId]);

    // Paged: Link alone (the cursor keeps `since`) gives each once, in the same order.
    const earlier = new Date(Date.parse(all.at(-1)!.changedAt) - 1).toISOString();
    const whole = (await get(a, `/v1/runs?since=${encodeURIComponent(earlier)}`, dpo).expect(200)).body as RunSummary[];
    expect(whole.length).toBeGreaterThan(3);
    const keys = whole.map((r) => `${r.changedAt} ${r.runId}`);
    expect([...keys].sort()).toEqual(keys);
    const { pages, links } = await followPages<RunSummary[]>(
      (next) => get(a, next, dpo).expect(200),
      `/v1/runs?since=${encodeURIComponent(earlier)}&limit=2`,
    );
    expect(pages.flat().map((r) => r.runId)).toEqual(whole.map((r) => r.runId));
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    for (const link of links) expect(link).toMatch(/^<\/v1\/runs\?cursor=[A-Za-z0-9_-]+&limit=2>; rel="next"$/);
    const cursor = /cursor=([^&>]+)/.exec(links[0]!)![1]!;
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toMatchObject({ f: { since: earlier } });

    const fieldsOf = async (path: string) => {
      const res = await get(a, path, dpo).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return (res.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await fieldsOf('/v1/runs?since=last-tuesday')).toEqual(['since']);
    expect(await fieldsOf('/v1/runs?since=2026-02-30T25:00:00Z')).toEqual(['since']);
    // A cursor of one order is refused in the other; another `since` beside a cursor differs from the cursor's.
    const usual = /cursor=([^&>]+)/.exec((await get(a, '/v1/runs?limit=1', dpo).expect(200)).headers.link!)![1]!;
    expect(await fieldsOf(`/v1/runs?cursor=${usual}&since=${encodeURIComponent(since)}`)).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/runs?cursor=${cursor}&since=${encodeURIComponent(since)}`)).toEqual(['since']);
    const forged = Buffer.from(JSON.stringify({ v: 1, s: 'runs', f: { since }, a: [since, one.runId] })).toString('base64url');
    expect(await fieldsOf(`/v1/runs?cursor=${forged}`)).toEqual(['cursor']);
  });
});
