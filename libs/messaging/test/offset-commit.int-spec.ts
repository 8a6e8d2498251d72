// When the Kafka consumer commits its offsets, against the real broker (ADR 0030): at most once every
// COMMIT_EVERY_MS (KAFKA_COMMIT_INTERVAL_MS) rather than after every batch, and still everything it
// handled: after it goes idle, when the app closes, and a new group's start position before any event.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { COMMIT_EVERY_MS, TopicNames } from '@insyn/messaging';
import { createTestApp, eventually, testKafka, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { type Admin, type Consumer, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { ledgerDescription, ledgerFixture } from './ledger.fixture.js';

useTestEnvironment();
const suffix = uniqueSuffix();
let fixture = ledgerFixture(suffix, { relay: true });
const topic = TopicNames.fromEnv().onBroker(fixture.topic);

describe('the Kafka consumer’s offset commits', () => {
  let app: INestApplication;
  let admin: Admin;
  let producer: Producer;
  const group = () => process.env.KAFKA_CONSUMER_GROUP!;
  const committed = async () =>
    (await admin.fetchOffsets({ groupId: group(), topics: [topic] }))[0]!.partitions.map(({ partition, offset }) => ({
      partition,
      offset,
    }));
  const ends = async () => (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
  const byPartition = (list: { partition: number; offset: string }[]) => [...list].sort((a, b) => a.partition - b.partition);
  const calls = () => app.get(fixture.TotalsConsumer).calls;
  /** Posts an entry and waits until the consumer has handled it. */
  const handled = async (accountId: string) => {
    const before = calls();
    await app.get(fixture.Ledger).post(accountId, 1, { mark: true, handOver: true });
    await eventually(() => (calls() > before ? true : undefined), 20_000, `the entry of ${accountId} to be handled`);
  };

  beforeAll(async () => {
    const kafka = testKafka('offset-commit');
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    // Two events before the group exists: it starts after them, where the test says.
    await producer.send({
      topic,
      messages: [
        { key: 'old', value: 'not for this group' },
        { key: 'old', value: 'nor this' },
      ],
    });
    app = await createTestApp(fixture.LedgerModule, ledgerDescription, { consumerStart: new Map([[topic, await ends()]]) });
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  it('commits a new group’s start position before any event reaches it, so a rejoin starts there too', async () => {
    const start = await ends();
    expect(start[0]!.offset).toBe('2');
    await eventually(
      async () => (JSON.stringify(byPartition(await committed())) === JSON.stringify(byPartition(start)) ? true : undefined),
      20_000,
      'the start position to be committed',
    );
    expect(calls()).toBe(0);
  });

  it('commits at most once every COMMIT_EVERY_MS however many batches it handles, and all of them once idle', async () => {
    await handled('warm-up');
    const [, consumer] = app.getMicroservices()[0]!.unwrap<[Kafka, Consumer, Producer]>();
    let commits = 0;
    let batches = 0;
    const stops = [
      consumer.on(consumer.events.COMMIT_OFFSETS, () => void commits++),
      consumer.on(consumer.events.END_BATCH_PROCESS, () => void batches++),
    ];
    const started = performance.now();
    // Each entry waits for the one before to be handled: twenty batches of one message.
    for (let n = 0; n < 20; n++) await handled(`acct-${n % 4}`);
    const elapsed = performance.now() - started;
    // Every offset handled is committed once the consumer has nothing more to do.
    await eventually(
      async () => (JSON.stringify(byPartition(await committed())) === JSON.stringify(byPartition(await ends())) ? true : undefined),
      20_000,
      'the handled offsets to be committed',
    );
    for (const stop of stops) stop();
    expect(batches).toBeGreaterThanOrEqual(20);
    // kafkajs' autoCommit would have committed after each of the twenty batches.
    expect(commits).toBeLessThanOrEqual(Math.ceil(elapsed / COMMIT_EVERY_MS) + 1);
    expect(commits).toBeLessThan(batches);
  });

  it('commits what it handled when the app closes, before the next commit was due', async () => {
    await app.close();
    // The same group and topic again, with a commit a minute away: only the close can commit in time.
    // The fixture is made anew, as its module reads the environment when it is defined.
    process.env.KAFKA_COMMIT_INTERVAL_MS = '60000';
    try {
      fixture = ledgerFixture(suffix, { relay: true });
      app = await createTestApp(fixture.LedgerModule, ledgerDescription);
    } finally {
      delete process.env.KAFKA_COMMIT_INTERVAL_MS;
    }
    await handled('last');
    const end = await ends();
    expect(byPartition(await committed())).not.toEqual(byPartition(end));
    await app.close();
    expect(byPartition(await committed())).toEqual(byPartition(end));
  });
});
