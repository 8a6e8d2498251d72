import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';

interface Doc {
  _id: string;
  v?: unknown;
  tags?: string[];
  outbox?: { id: string }[];
}

/**
 * `$in` answers as MongoDB's does. The outbox relay reads and clears a round's documents with
 * `{_id: {$in: […]}}` and `{$pull: {outbox: {id: {$in: […]}}}}` (ADR 0028); FerretDB compared each
 * document with every listed value, so the project's build looks a string up in a set of the list's
 * strings instead (scripts/infra/ferretdb-patches/0006). These are the cases that shortcut must leave as
 * they were: arrays, mixed lists, regular expressions, null for a missing field, other operators beside it.
 */
describe('$in on the MongoDB-protocol server', () => {
  let connection: mongoose.Connection;
  let col: mongoose.mongo.Collection<Doc>;
  const ids = (docs: Doc[]) => docs.map((d) => d._id).sort();

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    col = connection.db!.collection<Doc>('in_operator');
    await col.insertMany([
      { _id: 's-ab', v: 'ab', tags: ['x', 'y'] },
      { _id: 's-1', v: '1', tags: ['y'] },
      { _id: 'n-1', v: 1 },
      { _id: 'null', v: null },
      { _id: 'none' },
      { _id: 'arr', v: ['ab', 'zz'] },
    ]);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('a string field against a list of strings: exactly the listed values', async () => {
    expect(ids(await col.find({ v: { $in: ['ab', '1', 'nothing'] } }).toArray())).toEqual(['arr', 's-1', 's-ab']);
    expect(ids(await col.find({ _id: { $in: ['s-1', 'none', 'absent'] } }).toArray())).toEqual(['none', 's-1']);
    expect(await col.find({ v: { $in: [] } }).toArray()).toEqual([]);
  });

  it('an array field matches when one of its elements is listed', async () => {
    expect(ids(await col.find({ tags: { $in: ['x'] } }).toArray())).toEqual(['s-ab']);
    expect(ids(await col.find({ tags: { $in: ['y'] } }).toArray())).toEqual(['s-1', 's-ab']);
  });

  it('a list that is not all strings compares each value by type, and null finds a missing field', async () => {
    expect(ids(await col.find({ v: { $in: ['1', 1] } }).toArray())).toEqual(['n-1', 's-1']);
    expect(ids(await col.find({ v: { $in: [1] } }).toArray())).toEqual(['n-1']);
    expect(ids(await col.find({ v: { $in: [null] } }).toArray())).toEqual(['none', 'null']);
    expect(ids(await col.find({ v: { $in: [/^a/] } }).toArray())).toEqual(['arr', 's-ab']);
  });

  it('the other operators on the same field still apply', async () => {
    expect(ids(await col.find({ v: { $in: ['ab', '1'], $ne: '1' } }).toArray())).toEqual(['arr', 's-ab']);
    expect(ids(await col.find({ v: { $nin: ['ab', '1'] } }).toArray())).toEqual(['n-1', 'none', 'null']);
  });

  it('one statement over a thousand documents reads and clears exactly the listed ones and entries', async () => {
    const big = connection.db!.collection<Doc>('in_operator_big');
    await big.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: `d${i}`, outbox: [{ id: `e${i}a` }, { id: `e${i}b` }] })));
    const listed = Array.from({ length: 500 }, (_, i) => `d${i * 2}`);
    expect(ids(await big.find({ _id: { $in: listed } }).toArray())).toEqual([...listed].sort());
    await big.updateMany({ _id: { $in: listed } }, { $pull: { outbox: { id: { $in: listed.map((d) => `e${d.slice(1)}a`) } } } });
    const after = await big.find({}).sort({ _id: 1 }).toArray();
    for (const doc of after) {
      const n = Number(doc._id.slice(1));
      expect(doc.outbox!.map((e) => e.id)).toEqual(n % 2 === 0 ? [`e${n}b`] : [`e${n}a`, `e${n}b`]);
    }
  });
});
