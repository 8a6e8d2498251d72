import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { register } from 'prom-client';
import { RUN_MODEL, RunSchema } from './persistence/run.schema.js';
import { RunsRepository } from './persistence/runs.repository.js';
import { RunsMetrics } from './runs.metrics.js';

/** The stuck-run gauge an operator alerts on, read from real MongoDB at scrape time. */
describe('insyn_retention_oldest_open_run_age_seconds (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let runs: mongoose.Collection;
  let repo: RunsRepository;
  const clock: Clock = { now: () => new Date('2026-03-16T05:30:00.000Z') };
  const scrape = async () => (await register.getSingleMetric('insyn_retention_oldest_open_run_age_seconds')!.get()).values[0]?.value;
  const read = async () => {
    const metrics = new RunsMetrics(repo, clock);
    metrics.onApplicationBootstrap();
    try {
      return await scrape();
    } finally {
      metrics.onApplicationShutdown();
    }
  };

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    const model = connection.model(RUN_MODEL, RunSchema);
    runs = model.collection;
    repo = new RunsRepository(model as never, clock);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('is 0 with no open run, then the age of the oldest open one; finished runs do not count', async () => {
    expect(await read()).toBe(0);
    await runs.insertMany([
      { _id: 'run-finished', status: 'finished', startedAt: new Date('2026-03-10T01:30:00.000Z') },
      { _id: 'run-old', status: 'running', startedAt: new Date('2026-03-16T01:30:00.000Z') },
      { _id: 'run-new', status: 'running', startedAt: new Date('2026-03-16T05:00:00.000Z') },
    ] as never[]);
    expect(await read()).toBe(4 * 3600);
  });
});
