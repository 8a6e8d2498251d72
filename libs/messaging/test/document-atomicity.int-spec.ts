import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';

/**
 * What the embedded outbox (ADR 0004) and every conditional update rely on: the MongoDB-protocol
 * server applies concurrent updates of one document one after another, losing none. FerretDB v1 does
 * not on its own (scripts/infra.mjs patches it); this test fails on a server that loses updates.
 */
describe('single-document atomicity of the MongoDB-protocol server', () => {
  let connection: mongoose.Connection;

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db, maxPoolSize: 20 }).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('keeps every one of 200 concurrent $inc, $push and $pullAll on one document', async () => {
    const col = connection.db!.collection<{ _id: string; n: number; outbox: number[] }>('atomicity');
    await col.insertOne({ _id: 'doc', n: 0, outbox: [-1, -2] });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        if (i % 3 === 0) return col.updateOne({ _id: 'doc' }, { $inc: { n: 1 } });
        if (i % 3 === 1) return col.findOneAndUpdate({ _id: 'doc' }, { $push: { outbox: i } });
        return col.updateOne({ _id: 'doc' }, { $pullAll: { outbox: [-1, -2] } });
      }),
    );
    const doc = await col.findOne({ _id: 'doc' });
    expect(doc!.n).toBe(67);
    expect(doc!.outbox).toHaveLength(67);
    expect(doc!.outbox.every((x) => x >= 0)).toBe(true);
  });
});
