import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  OUTBOX_RELAY_CONNECTION,
  type OutboxDocument,
  OutboxDocuments,
  type OutboxEntry,
  OutboxRelay,
  removePublished,
} from '@insyn/messaging';
import { eventually, KafkaProbe, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { register } from 'prom-client';
import { ledgerFixture } from './ledger.fixture.js';

const entry = (id: string): OutboxEntry => ({ id, topic: 't', key: 'k', value: `{"id":"${id}"}`, createdAt: new Date() });
const ids = (doc: OutboxDocument | null) => doc?.outbox?.map((e) => e.id);

/** The relay's removal of published entries (ADR 0004), against the real MongoDB-protocol server. */
describe('removing published outbox entries', () => {
  let connection: mongoose.Connection;
  const docs = () => connection.collection<OutboxDocument>('outboxes');

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: `${db}_removal` }).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('removes what was read and keeps what a producer pushed since', async () => {
    await docs().insertMany([
      { _id: 'a', outbox: [entry('a1'), entry('a2'), entry('a3')] },
      { _id: 'b', outbox: [entry('b1')] },
    ] as never[]);
    // Read as [a1, a2] and [b1]; a3 was pushed after the read.
    await removePublished(docs(), [
      { _id: 'a', outbox: [entry('a1'), entry('a2')] },
      { _id: 'b', outbox: [entry('b1')] },
    ]);
    expect(ids(await docs().findOne({ _id: 'a' } as never))).toEqual(['a3']);
    expect(ids(await docs().findOne({ _id: 'b' } as never))).toEqual([]);
  });

  it('removes nothing another replica already removed, even when new entries took their place', async () => {
    // Both relays read [c1, c2]; the other one removed c1 and a producer pushed c3.
    await docs().insertOne({ _id: 'c', outbox: [entry('c2'), entry('c3')] });
    await removePublished(docs(), [{ _id: 'c', outbox: [entry('c1'), entry('c2')] }]);
    expect(ids(await docs().findOne({ _id: 'c' } as never))).toEqual(['c3']);
    // Run again with the same read: c3 was never published, so it stays.
    await removePublished(docs(), [{ _id: 'c', outbox: [entry('c1'), entry('c2')] }]);
    expect(ids(await docs().findOne({ _id: 'c' } as never))).toEqual(['c3']);
  });

  it('never removes another document’s entry whose id it was given', async () => {
    await docs().insertMany([
      { _id: 'd', outbox: [entry('d1')] },
      { _id: 'e', outbox: [entry('e1')] },
    ] as never[]);
    await removePublished(docs(), [{ _id: 'd', outbox: [entry('e1')] }]);
    expect(ids(await docs().findOne({ _id: 'd' } as never))).toEqual(['d1']);
    expect(ids(await docs().findOne({ _id: 'e' } as never))).toEqual(['e1']);
  });
});

describe.each([
  ['marking their aggregates', false],
  ['handing the relay their outboxes as their writes left them', true],
])('two relays over one outbox while producers keep writing, %s', (_, handOver) => {
  const suffix = uniqueSuffix();
  const fixture = ledgerFixture(suffix, { relay: true });
  let apps: INestApplicationContext[] = [];
  let probe: KafkaProbe;

  beforeAll(async () => {
    useTestEnvironment();
    probe = await KafkaProbe.start([fixture.topic]);
    apps = await Promise.all([0, 1].map(() => NestFactory.createApplicationContext(fixture.LedgerModule, { logger: ['error'] })));
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await probe?.stop();
  });

  it('reads and removes through a pool of its own, so that it never queues behind a burst of the service’s writes', () => {
    const service = apps[0]!.get<mongoose.Connection>(getConnectionToken());
    const relay = apps[0]!.get<mongoose.Connection>(getConnectionToken(OUTBOX_RELAY_CONNECTION));
    expect(relay.getClient()).not.toBe(service.getClient());
    expect(relay.db!.databaseName).toBe(service.db!.databaseName);
    expect(relay.getClient().options.maxPoolSize).toBe(2);
  });

  it('publishes every event and leaves every outbox empty: nothing lost, nothing left behind', async () => {
    const posted: string[] = [];
    const waveOf = new Map<string, number>();
    // 400 events on 20 aggregates, written through both instances at once, in waves.
    for (let wave = 0; wave < 10; wave++) {
      const written = await Promise.all(
        Array.from({ length: 40 }, (_, i) => apps[i % 2]!.get(fixture.Ledger).post(`acct-${i % 20}`, 1, { mark: true, handOver })),
      );
      posted.push(...written.map((e) => e.id));
      for (const e of written) waveOf.set(e.id, wave);
    }
    await eventually(
      () => {
        const seen = new Set(probe.on(fixture.topic).map((m) => m.json<{ id: string }>()?.id));
        return Promise.resolve(posted.every((id) => seen.has(id)) ? true : undefined);
      },
      60_000,
      'every posted event on the topic',
    );
    const accounts = apps[0]!.get<mongoose.Connection>(getConnectionToken()).collection<OutboxDocument>('accounts');
    await eventually(
      async () => ((await accounts.countDocuments({ 'outbox.0': { $exists: true } })) === 0 ? true : undefined),
      20_000,
      'every outbox to drain',
    );
    // Each aggregate's events reach the topic in the order they were written (one partition per key):
    // a wave's events come after the previous wave's (the two of one wave race each other to the document).
    const order = probe.on(fixture.topic).map((m) => m.json<{ id: string; data: { accountId: string } }>()!);
    for (let a = 0; a < 20; a++) {
      const firstSeen = [...new Set(order.filter((e) => e.data.accountId === `acct-${a}`).map((e) => e.id))];
      const waves = firstSeen.map((id) => waveOf.get(id)!);
      expect(waves).toEqual([...waves].sort((x, y) => x - y));
      expect(firstSeen).toHaveLength(20);
    }
  });
});

describe('a round larger than one send', () => {
  const suffix = uniqueSuffix();
  const fixture = ledgerFixture(suffix, { relay: true });
  let app: INestApplicationContext;
  let probe: KafkaProbe;

  beforeAll(async () => {
    useTestEnvironment();
    probe = await KafkaProbe.start([fixture.topic]);
    app = await NestFactory.createApplicationContext(fixture.LedgerModule, { logger: ['error'] });
  });

  afterAll(async () => {
    await app?.close();
    await probe?.stop();
  });

  it('removes each send’s entries as soon as the broker has them, not after the whole round', async () => {
    // 1 000 aggregates with one event each (about 300 bytes): one round, over two sends of at most 128 KiB.
    const ledger = app.get(fixture.Ledger);
    const posted: OutboxEntry[] = [];
    for (let i = 0; i < 1_000; i += 100) {
      posted.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => ledger.post(`acct-${i + j}`, 1, { mark: false })))));
    }
    const removals = jest.spyOn(app.get(OutboxDocuments), 'removePublished');
    // The events counted as published on their topic, once each (the relay counts a send's events at once).
    const published = async () =>
      (await register.getSingleMetric('insyn_outbox_published_total')?.get())?.values.find((v) => v.labels.topic === fixture.topic)
        ?.value ?? 0;
    const publishedBefore = await published();
    const relay = app.get(OutboxRelay);
    // Marked in one go, before the woken relay's first round takes them.
    for (let i = 0; i < 1_000; i++) void relay.enqueued('accounts', `acct-${i}`);
    expect(relay.isSent()).toBe(false);

    await eventually(
      () => Promise.resolve(new Set(probe.on(fixture.topic).map((m) => m.json<{ id: string }>()?.id)).size === 1_000 || undefined),
      60_000,
      'every event on the topic',
    );
    await eventually(() => Promise.resolve(relay.isSent() || undefined), 20_000, 'the relay to finish sending');
    await eventually(() => Promise.resolve(relay.isIdle() || undefined), 20_000, 'the relay to finish removing');
    const accounts = app.get<mongoose.Connection>(getConnectionToken()).collection<OutboxDocument>('accounts');
    expect(await accounts.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
    expect(new Set(probe.on(fixture.topic).map((m) => m.json<{ id: string }>()!.id))).toEqual(new Set(posted.map((e) => e.id)));
    expect((await published()) - publishedBefore).toBe(1_000);

    // The first removal took the first send's documents only; together the removals took every one once.
    const removed = removals.mock.calls.map(([, docs]) => docs.map((d) => d._id));
    expect(removed.length).toBeGreaterThan(1);
    expect(removed[0]!.length).toBeLessThan(1_000);
    expect(removed.flat().sort()).toEqual(Array.from({ length: 1_000 }, (_, i) => `acct-${i}`).sort());
  });
});
