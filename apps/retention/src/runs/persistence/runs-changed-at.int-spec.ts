import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { RUN_MODEL, RunSchema } from './run.schema.js';
import { RunsRepository } from './runs.repository.js';

/**
 * `changedAt` of runs against the real MongoDB-protocol server: runs stored before it was kept get it at
 * start-up, once, whatever two instances do at the same time; and the changes order lists by it.
 */
describe('runs: changedAt, backfilled and listed (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let runs: mongoose.Collection;
  let model: mongoose.Model<never>;
  const now = new Date('2026-04-01T09:00:00.000Z');
  const clock: Clock = { now: () => now };
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    model = connection.model(RUN_MODEL, RunSchema) as never;
    runs = model.collection;
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('gives a run stored without changedAt its finish, else its start, once; one that has it keeps it', async () => {
    await runs.insertMany([
      { _id: 'old-finished', status: 'finished', startedAt: at('2026-03-01T02:00:00Z'), finishedAt: at('2026-03-01T02:10:00Z') },
      { _id: 'old-running', status: 'running', startedAt: at('2026-03-02T02:00:00Z') },
      { _id: 'new', status: 'running', startedAt: at('2026-03-03T02:00:00Z'), changedAt: at('2026-03-03T05:00:00Z') },
    ] as never[]);
    // Two instances start at once: each run is written once, by one of them.
    await model.init();
    const [a, b] = [new RunsRepository(model as never, clock), new RunsRepository(model as never, clock)];
    const counts = await Promise.all([a.backfillChangedAt(), b.backfillChangedAt()]);
    expect(counts[0] + counts[1]).toBe(2);
    expect(await a.backfillChangedAt()).toBe(0);
    const stored = await runs
      .find({}, { projection: { changedAt: 1 } })
      .sort({ _id: 1 })
      .toArray();
    expect(stored).toEqual([
      { _id: 'new', changedAt: at('2026-03-03T05:00:00Z') },
      { _id: 'old-finished', changedAt: at('2026-03-01T02:10:00Z') },
      { _id: 'old-running', changedAt: at('2026-03-02T02:00:00Z') },
    ]);

    // The changes order: strictly after `since`, oldest change first; the usual one newest started first.
    const since = await a.list({ since: at('2026-03-01T02:10:00Z'), limit: 10 });
    expect(since.map((r) => [r.runId, r.changedAt.toISOString()])).toEqual([
      ['old-running', '2026-03-02T02:00:00.000Z'],
      ['new', '2026-03-03T05:00:00.000Z'],
    ]);
    expect(
      (await a.list({ since: at('2026-03-01T00:00:00Z'), after: { at: at('2026-03-02T02:00:00Z'), runId: 'old-running' }, limit: 10 })).map(
        (r) => r.runId,
      ),
    ).toEqual(['new']);
    expect((await a.list({ limit: 10 })).map((r) => r.runId)).toEqual(['new', 'old-running', 'old-finished']);
    expect(await runs.indexes()).toEqual(expect.arrayContaining([expect.objectContaining({ key: { changedAt: 1, _id: 1 } })]));
  });

  it('moves changedAt to the clock’s now with each update and each count of what is expected', async () => {
    const repo = new RunsRepository(model as never, clock);
    const run = (await repo.find('old-running'))!;
    await repo.setExpected('old-running', 3);
    expect((await runs.findOne({ _id: 'old-running' } as never))?.changedAt).toEqual(now);
    await runs.updateOne({ _id: 'old-running' } as never, { $set: { changedAt: at('2026-03-02T02:00:00Z'), revision: 1 } });
    const updated = await repo.update({ ...run, revision: 1 }, { status: 'finished', finishedAt: now });
    expect(updated?.changedAt).toEqual(now);
    expect((await runs.findOne({ _id: 'old-running' } as never))?.changedAt).toEqual(now);
  });
});
