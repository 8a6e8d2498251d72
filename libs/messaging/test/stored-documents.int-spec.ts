import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';

const { BSON, Binary, BSONRegExp, Double, Int32, Long, ObjectId, Timestamp } = mongoose.mongo;

interface Stored {
  _id: string;
  outbox: { id: string }[];
  [field: string]: unknown;
}

/**
 * What the server stores is what it gives back, every type and every character. The project's FerretDB
 * decodes and encodes stored documents with its own code instead of encoding/json
 * (scripts/infra/ferretdb-patches/0010, 0011) and writes an update's documents back 1 000 to a statement
 * (0012, 0015), and a collection it creates keeps `_id` in a column of its own, which lookups, updates, deletes
 * and the `_id_` index go through (0013); these are the cases those must leave as they were. On MongoDB
 * they pass as well.
 */
describe('documents stored and read back on the MongoDB-protocol server', () => {
  let connection: mongoose.Connection;
  let col: mongoose.mongo.Collection<Stored>;

  // Characters that JSON writers escape (quotes, backslashes, HTML characters, control characters,
  // U+2028 and U+2029), characters of two to four bytes in UTF-8, and an event envelope as the outbox
  // stores it. (FerretDB v1 stores no array directly inside an array, and -0 as 0: left out.)
  const texts = [
    '',
    'plain',
    'a "quoted" \\ back\\slash /',
    '<b>&amp;</b>',
    'line\nfeed\ttab\r\u0001\u001f\b\f',
    '\u2028\u2029',
    'Umeå kommun – ÅÄÖ',
    'emoji 😀 𝄞',
    JSON.stringify({ id: 'e-1', type: 'notice.published.v1', data: { title: 'Säkra "meddelanden"' } }),
  ];

  const everyType = (n: number) => ({
    _id: `doc-${n}`,
    texts,
    int: new Int32(n - 2),
    double: new Double(n + 0.5),
    small: 1.5e-10,
    large: 1e300,
    long: Long.fromString('9007199254740993'),
    yes: true,
    no: false,
    nothing: null,
    when: new Date(Date.UTC(2026, 11, 6, 7, 30, 0, 123)),
    before1970: new Date(Date.UTC(1901, 0, 1)),
    bytes: new Binary(Buffer.from([0, 1, 2, 250, 255])),
    uuid: new Binary(Buffer.alloc(16, 7), 4),
    emptyBytes: new Binary(Buffer.alloc(0)),
    objectId: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    stamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
    pattern: new BSONRegExp('^a"b\\d', 'im'),
    nested: { deeper: { list: [1, 'two', { three: [3] }, {}], 'key "with" <chars>': 'v' }, empty: {} },
    emptyList: [],
    outbox: [{ id: `e-${n}`, value: texts[8], createdAt: new Date(Date.UTC(2026, 0, 1)) }],
  });

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    col = connection.db!.collection('stored_documents');
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('every type and character comes back as it was written', async () => {
    await col.insertOne(everyType(1));
    const back = await col.findOne({ _id: 'doc-1' }, { promoteValues: false });
    expect(back).toEqual(roundTripped(everyType(1)));
    // The envelope is read back whole, so its JSON still parses.
    expect(JSON.parse(((await col.findOne({ _id: 'doc-1' }))!.texts as string[])[8]!)).toEqual(JSON.parse(texts[8]!));
  });

  it('an update over many documents writes each one back, and only those it matched', async () => {
    // 1 600 documents, of which 1 066 match: more than one statement's 1 000, and a last statement that
    // is not full.
    const docs = Array.from({ length: 1_600 }, (_, n) => everyType(100 + n));
    await col.insertMany(docs);
    await col.insertOne({ _id: 'untouched', outbox: [{ id: 'e-100' }], n: 1 });
    const matched = docs.filter((_, n) => n % 3 !== 0).map((d) => d._id);
    // Typed as the relay's removal sees its documents: an outbox, and nothing else it knows of.
    const outboxes = connection.db!.collection<{ _id: string; outbox: { id: string }[] }>('stored_documents');
    const result = await outboxes.updateMany(
      { _id: { $in: matched } },
      { $pull: { outbox: { id: { $in: docs.map((d) => d.outbox[0]!.id) } } }, $set: { seen: 'ja "då"' } },
    );
    expect(result.matchedCount).toBe(matched.length);
    expect(result.modifiedCount).toBe(matched.length);

    const after = await col.find({ _id: { $in: docs.map((d) => d._id) } }, { promoteValues: false }).toArray();
    expect(after).toHaveLength(1_600);
    const isMatched = new Set(matched);
    for (const doc of after) {
      const original = roundTripped(everyType(Number(String(doc._id).slice(4))));
      if (isMatched.has(String(doc._id))) expect(doc).toEqual({ ...original, outbox: [], seen: 'ja "då"' });
      else expect(doc).toEqual(original);
    }
    expect(await col.findOne({ _id: 'untouched' })).toEqual({ _id: 'untouched', outbox: [{ id: 'e-100' }], n: 1 });
  });

  it('a document of any kind of `_id` is found, updated and deleted by it, and no `_id` is stored twice', async () => {
    type Id =
      string | boolean | Date | InstanceType<typeof ObjectId | typeof Int32 | typeof Long | typeof Double> | { unit: string; no: unknown };
    const ids = connection.db!.collection<{ _id: Id; n: number; seen?: boolean }>('stored_ids');
    const kinds: Id[] = [
      'plain',
      texts[2]!,
      texts[3]!,
      texts[5]!,
      texts[7]!,
      new ObjectId('65a1b2c3d4e5f60718293a4b'),
      new Int32(7),
      Long.fromString('9007199254740993'),
      new Double(2.5),
      new Date(Date.UTC(2026, 11, 6)),
      { unit: 'socialtjänst', no: new Int32(3) },
      true,
    ];
    await ids.insertMany(kinds.map((_id, n) => ({ _id, n })));

    for (const [n, _id] of kinds.entries()) {
      expect((await ids.findOne({ _id }))?.n).toBe(n);
      expect((await ids.updateOne({ _id }, { $set: { seen: true } })).modifiedCount).toBe(1);
      await expect(ids.insertOne({ _id, n: -1 })).rejects.toMatchObject({ code: 11000 });
    }
    // Equal numbers of another type are the same `_id`, as on MongoDB.
    await expect(ids.insertOne({ _id: new Double(7), n: -1 })).rejects.toMatchObject({ code: 11000 });
    expect(await ids.countDocuments({ seen: true })).toBe(kinds.length);

    // A list of string ids, as the relay reads and removes by, and deletes by `_id`.
    const strings = kinds.filter((k): k is string => typeof k === 'string');
    expect((await ids.updateMany({ _id: { $in: [...strings, 'none'] } }, { $set: { n: 100 } })).modifiedCount).toBe(strings.length);
    expect((await ids.deleteMany({ _id: { $in: strings } })).deletedCount).toBe(strings.length);
    for (const _id of kinds.filter((k) => typeof k !== 'string')) expect((await ids.deleteOne({ _id })).deletedCount).toBe(1);
    expect(await ids.countDocuments()).toBe(0);
    // Deleted ids may be used again.
    await ids.insertMany(kinds.map((_id, n) => ({ _id, n })));
    expect(await ids.countDocuments()).toBe(kinds.length);
  });

  /** `doc` as the driver reads any document back: through BSON, with the same options as the reads. */
  function roundTripped(doc: Stored): mongoose.mongo.BSON.Document {
    return BSON.deserialize(BSON.serialize(doc), { promoteValues: false });
  }
});
