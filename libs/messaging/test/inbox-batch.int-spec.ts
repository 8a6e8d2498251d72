import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Inbox } from '@insyn/messaging';
import { ManualClock, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';

/**
 * The inbox within a Kafka batch (InsynKafkaServer.handleBatch): one read per consumer answers the
 * whole batch, `handled` outcomes are written together at the flush, and nothing a consumer must skip
 * is handled twice meanwhile. The commands are counted as the driver sends them to the real server.
 */
describe('Inbox.batch against the MongoDB-protocol server', () => {
  let connection: mongoose.Connection;
  let inbox: Inbox;
  let db: string;
  const commands: string[] = [];
  const inboxDocs = () => connection.db!.collection<{ _id: string; outcome: string }>('inbox');

  beforeAll(async () => {
    ({ db } = useTestEnvironment());
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db, monitorCommands: true }).asPromise();
    connection.getClient().on('commandStarted', (e) => {
      if (e.databaseName === db) commands.push(e.commandName);
    });
    inbox = new Inbox(connection, new ManualClock(new Date('2026-12-06T10:00:00Z')));
  });

  beforeEach(async () => {
    await inboxDocs().deleteMany({});
    commands.length = 0;
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('answers a batch with one read per consumer and writes its handled outcomes in one insert at the flush', async () => {
    await inbox.record('A.on', 'e2', 't', 'handled');
    commands.length = 0;
    const batch = inbox.batch(['e1', 'e2', 'e3']);
    const seen = await batch.run(async () => {
      const outcomes = [];
      for (const id of ['e1', 'e2', 'e3']) {
        outcomes.push(await inbox.outcome('A.on', id));
        if (outcomes.at(-1) === undefined) await inbox.record('A.on', id, 't', 'handled');
      }
      outcomes.push(await inbox.outcome('B.on', 'e2'));
      return outcomes;
    });
    expect(seen).toEqual([undefined, 'handled', undefined, undefined]);
    expect(commands).toEqual(['find', 'find']);
    expect(batch.unwritten).toBe(2);
    expect(await inboxDocs().countDocuments({ _id: { $in: ['A.on:e1', 'A.on:e3'] } })).toBe(0);

    commands.length = 0;
    await batch.flush();
    expect(commands).toEqual(['insert']);
    expect(batch.unwritten).toBe(0);
    expect((await inboxDocs().find().sort({ _id: 1 }).toArray()).map((d) => [d._id, d.outcome])).toEqual([
      ['A.on:e1', 'handled'],
      ['A.on:e2', 'handled'],
      ['A.on:e3', 'handled'],
    ]);
    commands.length = 0;
    await batch.flush();
    expect(commands).toEqual([]);
  });

  it('skips an event handled earlier in the same batch, before its outcome is written', async () => {
    const batch = inbox.batch(['dup']);
    const outcomes = await batch.run(async () => {
      const first = await inbox.outcome('A.on', 'dup');
      await inbox.record('A.on', 'dup', 't', 'handled');
      return [first, await inbox.outcome('A.on', 'dup')];
    });
    expect(outcomes).toEqual([undefined, 'handled']);
    expect(await inboxDocs().countDocuments()).toBe(0);
  });

  it('writes a dead-lettered outcome at once, and a batch that then handles its replay turns it into handled', async () => {
    const first = inbox.batch(['dl']);
    await first.run(() => inbox.record('A.on', 'dl', 't', 'dead-lettered'));
    expect(await inboxDocs().findOne({ _id: 'A.on:dl' })).toMatchObject({ outcome: 'dead-lettered' });
    expect(await first.run(() => inbox.outcome('A.on', 'dl'))).toBe('dead-lettered');

    const replay = inbox.batch(['dl', 'fresh']);
    await replay.run(async () => {
      expect(await inbox.outcome('A.on', 'dl')).toBe('dead-lettered');
      await inbox.record('A.on', 'dl', 't', 'handled');
      await inbox.record('A.on', 'fresh', 't', 'handled');
    });
    await replay.flush();
    expect((await inboxDocs().find().sort({ _id: 1 }).toArray()).map((d) => [d._id, d.outcome])).toEqual([
      ['A.on:dl', 'handled'],
      ['A.on:fresh', 'handled'],
    ]);
  });

  it('never lets a dead-lettered outcome replace a handled one', async () => {
    await inbox.record('A.on', 'h', 't', 'handled');
    await inbox.record('A.on', 'h', 't', 'dead-lettered');
    expect(await inboxDocs().findOne({ _id: 'A.on:h' })).toMatchObject({ outcome: 'handled' });
  });

  it('looks up on its own an event the batch did not name, and outside a batch writes each outcome at once', async () => {
    await inbox.record('A.on', 'known', 't', 'handled');
    commands.length = 0;
    const batch = inbox.batch(['other']);
    expect(await batch.run(() => inbox.outcome('A.on', 'known'))).toBe('handled');
    expect(commands).toEqual(['find']);
    expect(await inbox.outcome('A.on', 'unknown')).toBeUndefined();
    await inbox.record('A.on', 'unknown', 't', 'handled');
    expect(await inboxDocs().findOne({ _id: 'A.on:unknown' })).toMatchObject({ outcome: 'handled' });
  });

  it('keeps what a failed flush did not write, and writes it at the next one', async () => {
    const batch = inbox.batch(['k1', 'k2']);
    await batch.run(async () => {
      await inbox.record('A.on', 'k1', 't', 'handled');
      await inbox.record('A.on', 'k2', 't', 'handled');
    });
    await connection.close();
    await expect(batch.flush()).rejects.toThrow();
    expect(batch.unwritten).toBe(2);
    await connection.openUri(process.env.MONGODB_URI!, { dbName: db });
    await batch.flush();
    expect(batch.unwritten).toBe(0);
    expect(await inboxDocs().countDocuments({ _id: { $in: ['A.on:k1', 'A.on:k2'] } })).toBe(2);
  });
});
