// Two installations on one Kafka cluster (KAFKA_TOPIC_PREFIX, ADR 0026): each produces and consumes the
// same Insyn topic, and each hears only its own events, writes its own dead letters and replays them to
// its own topic.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getConnectionToken } from '@nestjs/mongoose';
import { Topics } from '@insyn/contracts';
import { DeadLetterStore, TopicNames } from '@insyn/messaging';
import { createTestApp, eventually, testKafka, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { Partitioners } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ledgerDescription, ledgerFixture } from './ledger.fixture.js';

const suffix = uniqueSuffix();
const installations = { a: `insyn-a-${suffix}.`, b: `insyn-b-${suffix}.` };

interface Totals {
  _id: string;
  total: number;
}

/** One installation: its own prefix, database and consumer groups, the same service and topics. */
async function installation(prefix: string) {
  const { db } = useTestEnvironment({ KAFKA_TOPIC_PREFIX: prefix });
  const fixture = ledgerFixture(suffix, { relay: true });
  const app = await createTestApp(fixture.LedgerModule, ledgerDescription);
  const totals = () => app.get<Connection>(getConnectionToken()).collection<Totals>('totals');
  return { app, fixture, db, totals, totalOf: async (id: string) => (await totals().findOne({ _id: id }))?.total };
}

describe('installations sharing a broker, each with its topic prefix', () => {
  let a: Awaited<ReturnType<typeof installation>>;
  let b: Awaited<ReturnType<typeof installation>>;
  const kafka = testKafka(`topic-prefix-${suffix}`);
  const admin = kafka.admin();

  beforeAll(async () => {
    a = await installation(installations.a);
    b = await installation(installations.b);
    await admin.connect();
  });

  afterAll(async () => {
    delete process.env.KAFKA_TOPIC_PREFIX;
    await admin.disconnect();
    await a?.app.close();
    await b?.app.close();
  });

  it('creates each topic under each prefix on the broker, and none without', async () => {
    const topics = await admin.listTopics();
    for (const prefix of Object.values(installations)) {
      expect(topics).toContain(`${prefix}${a.fixture.topic}`);
      expect(topics).toContain(`${prefix}${Topics.DeadLetterV1}`);
    }
    expect(topics).not.toContain(a.fixture.topic);
  });

  it('delivers an event only to the consumers of the installation that wrote it', async () => {
    await a.app.get(a.fixture.Ledger).post('acct-a', 5);
    await b.app.get(b.fixture.Ledger).post('acct-b', 7);
    await eventually(async () => ((await a.totalOf('acct-a')) === 5 ? true : undefined), 20_000, "a's own event");
    await eventually(async () => ((await b.totalOf('acct-b')) === 7 ? true : undefined), 20_000, "b's own event");
    // A later event of each side is handled after the other side's (one partition per key, and each side's
    // consumer reads all partitions): once both are in, the other side's event would have been too.
    await a.app.get(a.fixture.Ledger).post('acct-b', 1);
    await b.app.get(b.fixture.Ledger).post('acct-a', 1);
    await eventually(async () => ((await a.totalOf('acct-b')) === 1 ? true : undefined), 20_000, "a's second event");
    await eventually(async () => ((await b.totalOf('acct-a')) === 1 ? true : undefined), 20_000, "b's second event");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await a.totalOf('acct-a')).toBe(5);
    expect(await a.totalOf('acct-b')).toBe(1);
    expect(await b.totalOf('acct-b')).toBe(7);
    expect(await b.totalOf('acct-a')).toBe(1);
    expect(a.app.get(a.fixture.TotalsConsumer).calls).toBe(2);
    expect(b.app.get(b.fixture.TotalsConsumer).calls).toBe(2);
  });

  it("dead-letters to the installation's own dead-letter topic, by the Insyn topic name, and replays there", async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic: `${installations.a}${a.fixture.topic}`, messages: [{ key: 'x', value: '{"not":"an envelope"}' }] });
    } finally {
      await producer.disconnect();
    }
    const storeA = new DeadLetterStore(kafka, undefined, new TopicNames(installations.a));
    const storeB = new DeadLetterStore(kafka, undefined, new TopicNames(installations.b));
    const letters = await eventually(async () => {
      const list = await storeA.list();
      return list.length > 0 ? list : undefined;
    }, 20_000);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.record).toMatchObject({ originalTopic: a.fixture.topic, reason: 'contract-violation' });
    expect(await storeB.list()).toEqual([]);

    const replayed = await storeA.replay(letters[0]!.id);
    expect(replayed.topic).toBe(a.fixture.topic);
    const offsets = await admin.fetchTopicOffsets(`${installations.a}${a.fixture.topic}`);
    expect(offsets.find((p) => p.partition === replayed.partition)?.high).toBe(String(Number(replayed.offset) + 1));
    // The replay goes to a's topic: a's consumer dead-letters it again, b hears nothing of it.
    await eventually(async () => ((await storeA.list()).length === 2 ? true : undefined), 20_000, 'the replay dead-lettered again');
    expect(await storeB.list()).toEqual([]);
  });
});
