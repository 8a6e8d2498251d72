import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';

interface Doc {
  _id: string;
  n?: number;
  body?: string;
  outbox?: { id: string }[];
}

/**
 * `findOneAndUpdate` with a projection answers as MongoDB's does. Producers hand the relay the outbox their
 * write left (`returnDocument: 'after'`, projection `{ outbox: 1 }`, ADR 0028); FerretDB refused the
 * projection as not implemented, so the project's build applies it (scripts/infra/ferretdb-patches/0008).
 */
describe('findOneAndUpdate with a projection on the MongoDB-protocol server', () => {
  let connection: mongoose.Connection;
  let col: mongoose.mongo.Collection<Doc>;

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    col = connection.db!.collection<Doc>('find_and_modify_projection');
    await col.insertOne({ _id: 'a', n: 1, body: 'long', outbox: [{ id: 'e1' }] });
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('returns only the projected fields of the document after the update', async () => {
    const after = await col.findOneAndUpdate(
      { _id: 'a' },
      { $inc: { n: 1 }, $push: { outbox: { id: 'e2' } } },
      { returnDocument: 'after', projection: { outbox: 1 } },
    );
    expect(after).toEqual({ _id: 'a', outbox: [{ id: 'e1' }, { id: 'e2' }] });
    expect(await col.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2, body: 'long', outbox: [{ id: 'e1' }, { id: 'e2' }] });
  });

  it('projects the document before the update, an excluding projection, and an upserted document', async () => {
    const before = await col.findOneAndUpdate(
      { _id: 'a' },
      { $set: { n: 10 } },
      { returnDocument: 'before', projection: { n: 1, _id: 0 } },
    );
    expect(before).toEqual({ n: 2 });
    const excluded = await col.findOneAndUpdate(
      { _id: 'a' },
      { $set: { n: 11 } },
      { returnDocument: 'after', projection: { body: 0, outbox: 0 } },
    );
    expect(excluded).toEqual({ _id: 'a', n: 11 });
    const upserted = await col.findOneAndUpdate(
      { _id: 'b' },
      { $push: { outbox: { id: 'b1' } } },
      { upsert: true, returnDocument: 'after', projection: { outbox: 1 } },
    );
    expect(upserted).toEqual({ _id: 'b', outbox: [{ id: 'b1' }] });
  });

  it('answers null when nothing matches, and refuses a mixed projection without writing', async () => {
    expect(
      await col.findOneAndUpdate({ _id: 'none' }, { $set: { n: 1 } }, { returnDocument: 'after', projection: { outbox: 1 } }),
    ).toBeNull();
    await expect(
      col.findOneAndUpdate({ _id: 'a' }, { $set: { n: 99 } }, { returnDocument: 'after', projection: { n: 1, body: 0 } }),
    ).rejects.toThrow(/exclusion|inclusion/i);
    expect((await col.findOne({ _id: 'a' }))?.n).toBe(11);
  });
});
