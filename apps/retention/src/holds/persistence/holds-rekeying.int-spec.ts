import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SubjectKeyRing } from '@insyn/person';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import type { HoldsConfig } from '../holds.config.js';
import { RekeyHolds } from '../usecases/rekey-holds/rekey-holds.usecase.js';
import { HOLD_MODEL, HoldSchema } from './hold.schema.js';
import { HoldsRepository } from './holds.repository.js';

const A = 'retention-subject-key-rotation-secret-A-00';
const B = 'retention-subject-key-rotation-secret-B-11';
const ANNA = '199908072391';
const before = new SubjectKeyRing({ current: A });
const during = new SubjectKeyRing({ current: B, generation: 2, previous: [A], birthYears: { fromYear: 1999, toYear: 1999 } });
const after = new SubjectKeyRing({ current: B, generation: 2 });

/**
 * Rotating SUBJECT_KEY_SECRET (ADR 0025): the holds on a person (hand-set, and one kept for her data-subject
 * request) are moved from her key of secret A to her key of B, so gallring's exclusions name her as the
 * re-keyed data does; the hand-set hold's slot moves with it. Real MongoDB.
 */
describe('holds through a rotation of SUBJECT_KEY_SECRET (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let model: mongoose.Model<never>;
  let repo: HoldsRepository;
  const official = { kind: 'official' as const, id: 'SE2321000230-test1' };
  const stored = (id: string, over: object) => ({
    _id: id,
    scope: 'person',
    target: before.of(ANNA),
    reason: 'litigation',
    setBy: official,
    setAt: new Date('2026-01-01T00:00:00Z'),
    changedAt: new Date('2026-01-01T00:00:00Z'),
    reviewAt: new Date('2026-06-01T00:00:00Z'),
    reviews: [],
    slot: `person:${before.of(ANNA)}`,
    ...over,
  });

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    model = connection.model(HOLD_MODEL, HoldSchema) as never;
    repo = new HoldsRepository(model as never);
    await model.init();
    await model.collection.insertMany([
      stored('h-manual', {}),
      stored('h-request', { source: { type: 'rights-request', requestId: 'req-1' }, slot: 'rights-request:req-1' }),
      stored('h-unit', { scope: 'unit', target: 'socialtjansten', slot: 'unit:socialtjansten' }),
    ] as never[]);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('moves her holds to her key of B, once; other holds are left as they are', async () => {
    const rekey = new RekeyHolds(repo, { subjectKeys: during } as HoldsConfig);
    expect(await rekey.execute()).toEqual({ found: 1, rewritten: 2, left: 0 });
    expect(await rekey.execute()).toEqual({ found: 0, rewritten: 0, left: 0 });
    const holds = await model.collection
      .find({}, { projection: { target: 1, slot: 1 } })
      .sort({ _id: 1 })
      .toArray();
    expect(holds).toEqual([
      { _id: 'h-manual', target: after.of(ANNA), slot: `person:${after.of(ANNA)}` },
      { _id: 'h-request', target: after.of(ANNA), slot: 'rights-request:req-1' },
      { _id: 'h-unit', target: 'socialtjansten', slot: 'unit:socialtjansten' },
    ]);
  });
});
