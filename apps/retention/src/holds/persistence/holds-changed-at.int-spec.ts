import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { HOLD_MODEL, HoldSchema } from './hold.schema.js';
import { HoldsRepository } from './holds.repository.js';

/**
 * `changedAt` of holds against the real MongoDB-protocol server: holds stored before it was kept get it at
 * start-up, once, whatever two instances do at the same time; release and review move it; the changes
 * order lists by it.
 */
describe('holds: changedAt, backfilled, kept and listed (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let model: mongoose.Model<never>;
  const at = (iso: string) => new Date(iso);
  const official = { kind: 'official' as const, id: 'SE2321000230-test1' };
  const stored = (id: string, over: object) => ({
    _id: id,
    scope: 'unit',
    target: `unit-${id}`,
    reason: 'litigation',
    setBy: official,
    setAt: at('2026-01-01T00:00:00Z'),
    reviewAt: at('2026-06-01T00:00:00Z'),
    reviews: [],
    slot: `unit:unit-${id}`,
    ...over,
  });

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    model = connection.model(HOLD_MODEL, HoldSchema) as never;
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('gives a hold stored without changedAt its release, else its latest review, else when set, once', async () => {
    await model.collection.insertMany([
      stored('h-set', {}),
      stored('h-reviewed', {
        reviews: [{ at: at('2026-02-01T00:00:00Z'), by: official, from: at('2026-03-01T00:00:00Z'), to: at('2026-06-01T00:00:00Z') }],
      }),
      stored('h-released', { releasedAt: at('2026-03-01T00:00:00Z'), releasedBy: official, slot: 'released:h-released' }),
      stored('h-new', { changedAt: at('2026-01-15T00:00:00Z') }),
    ] as never[]);
    await model.init();
    const [a, b] = [new HoldsRepository(model as never), new HoldsRepository(model as never)];
    const counts = await Promise.all([a.backfillChangedAt(), b.backfillChangedAt()]);
    expect(counts[0] + counts[1]).toBe(3);
    expect(await a.backfillChangedAt()).toBe(0);

    const changes = await a.list({ since: at('2026-01-01T00:00:00Z'), limit: 10 });
    expect(changes.map((h) => [h.holdId, h.changedAt.toISOString()])).toEqual([
      ['h-new', '2026-01-15T00:00:00.000Z'],
      ['h-reviewed', '2026-02-01T00:00:00.000Z'],
      ['h-released', '2026-03-01T00:00:00.000Z'],
    ]);
    // `status` narrows the changes; the usual list is by setAt, then id.
    expect((await a.list({ since: at('2026-01-01T00:00:00Z'), status: 'active', limit: 10 })).map((h) => h.holdId)).toEqual([
      'h-new',
      'h-reviewed',
    ]);
    expect((await a.list({ status: 'active', limit: 10 })).map((h) => h.holdId)).toEqual(['h-new', 'h-reviewed', 'h-set']);
    expect(
      (await a.list({ since: at('2026-01-01T00:00:00Z'), after: { at: at('2026-02-01T00:00:00Z'), holdId: 'h-reviewed' }, limit: 10 })).map(
        (h) => h.holdId,
      ),
    ).toEqual(['h-released']);

    // Release and review move it to the time of the change.
    expect((await a.release('h-set', 'by-hand', at('2026-04-01T00:00:00Z'), official, undefined))?.changedAt).toEqual(
      at('2026-04-01T00:00:00Z'),
    );
    const review = { at: at('2026-04-02T00:00:00Z'), by: official, from: at('2026-06-01T00:00:00Z'), to: at('2026-09-01T00:00:00Z') };
    expect((await a.review('h-new', review))?.changedAt).toEqual(at('2026-04-02T00:00:00Z'));
    expect((await a.list({ since: at('2026-03-01T00:00:00Z'), limit: 10 })).map((h) => h.holdId)).toEqual(['h-set', 'h-new']);
  });
});
