import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { RuleSchedulesRepository } from './rule-schedules.repository.js';
import { RULE_SCHEDULE_MODEL, RuleScheduleSchema } from './run.schema.js';

/**
 * The two guarantees the runs rest on, against the real MongoDB-protocol server, under contention: one
 * lease holder per rule at a time, and one open run per rule, whatever the interleaving.
 */
describe('rule schedules: the lease and the open run (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let repo: RuleSchedulesRepository;
  const T0 = new Date('2026-03-16T01:00:00Z');
  const at = (ms: number) => new Date(T0.getTime() + ms);

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db, maxPoolSize: 20 }).asPromise();
    repo = new RuleSchedulesRepository(connection.model(RULE_SCHEDULE_MODEL, RuleScheduleSchema) as never);
    await repo.onModuleInit();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('gives a new rule’s lease to exactly one of 20 instances racing for it', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => repo.acquire('rule-a', `instance-${i}`, T0, 60_000)));
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect((await repo.find('rule-a'))!.holder).toBe(winners[0]!.holder);
  });

  it('lets the holder renew, keeps others out until the lease runs out, then hands it to one of them', async () => {
    const holder = (await repo.find('rule-a'))!.holder!;
    expect(await repo.acquire('rule-a', holder, at(30_000), 60_000)).toMatchObject({ holder, leaseUntil: at(90_000) });
    expect(await repo.acquire('rule-a', 'intruder', at(89_000), 60_000)).toBeNull();
    const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.acquire('rule-a', `late-${i}`, at(90_000), 60_000)));
    expect(racers.filter((r) => r !== null)).toHaveLength(1);
    expect(await repo.acquire('rule-a', holder, at(91_000), 60_000)).toBeNull(); // the old holder lost it
  });

  it('a released lease is free at once', async () => {
    const holder = (await repo.find('rule-a'))!.holder!;
    await repo.release('rule-a', holder);
    expect(await repo.acquire('rule-a', 'next', at(92_000), 60_000)).toMatchObject({ holder: 'next' });
  });

  it('admits one open run per rule among 20 concurrent starts, with or without a schedule document', async () => {
    for (const ruleId of ['rule-a', 'rule-new']) {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => repo.claimRun(ruleId, `run-${ruleId}-${i}`, T0)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const open = (await repo.find(ruleId))!.openRunId!;
      expect(open).toMatch(new RegExp(`^run-${ruleId}-`));
      // Releasing someone else's run does nothing; releasing the open one frees the rule.
      await repo.releaseRun(ruleId, 'run-not-open');
      expect(await repo.claimRun(ruleId, 'another', T0)).toBe(false);
      await repo.releaseRun(ruleId, open);
      expect(await repo.claimRun(ruleId, 'another', T0, at(1))).toBe(true);
      expect(await repo.find(ruleId)).toMatchObject({ openRunId: 'another', lastSlotAt: at(1) });
    }
  });
});
