// Proves the self-started broker and kafkajs work together the way Insyn relies on them: produce,
// consume, keyed ordering, consumer groups sharing partitions, and rebalancing when a member leaves.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, testKafka, uniqueSuffix } from '@insyn/testing';
import { type Consumer, Partitioners } from 'kafkajs';

const kafka = testKafka('broker-test');

async function groupMember(groupId: string, topic: string, seen: { member: string; key: string; partition: number }[], member: string) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 });
  const assigned: { partitions: number[] } = { partitions: [] };
  consumer.on(consumer.events.GROUP_JOIN, (e) => (assigned.partitions = e.payload.memberAssignment[topic] ?? []));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      seen.push({ member, key: message.key!.toString(), partition });
      return Promise.resolve();
    },
  });
  return { consumer, assigned };
}

describe('the Kafka broker started by scripts/infra.mjs', () => {
  const topic = `test.broker${uniqueSuffix()}.v1`;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 4 }] });
    await admin.disconnect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
  });

  it('keeps one key on one partition, in order', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ key: 'aggregate-1', value: String(i) })) });
    await producer.disconnect();
    const got: { partition: number; value: string }[] = [];
    const consumer = kafka.consumer({ groupId: `order-${uniqueSuffix()}` });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        got.push({ partition, value: message.value!.toString() });
        return Promise.resolve();
      },
    });
    await eventually(() => (got.length >= 20 ? true : undefined));
    expect(new Set(got.map((g) => g.partition)).size).toBe(1);
    expect(got.map((g) => g.value)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('shares partitions within a group and rebalances them when a member leaves', async () => {
    const groupId = `group-${uniqueSuffix()}`;
    const seen: { member: string; key: string; partition: number }[] = [];
    const a = await groupMember(groupId, topic, seen, 'a');
    consumers.push(a.consumer);
    await eventually(() => (a.assigned.partitions.length === 4 ? true : undefined), 30_000, 'a to own all partitions');
    const b = await groupMember(groupId, topic, seen, 'b');
    await eventually(
      () => (a.assigned.partitions.length + b.assigned.partitions.length === 4 && b.assigned.partitions.length > 0 ? true : undefined),
      30_000,
      'the group to share',
    );
    expect(a.assigned.partitions.filter((p) => b.assigned.partitions.includes(p))).toEqual([]);

    // b leaves: a gets every partition back and receives what is produced to any of them.
    await b.consumer.disconnect();
    await eventually(() => (a.assigned.partitions.length === 4 ? true : undefined), 30_000, 'a to take over after b left');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const keys = Array.from({ length: 40 }, (_, i) => `after-rebalance-${i}`);
    await producer.send({ topic, messages: keys.map((key) => ({ key, value: key })) });
    await producer.disconnect();
    await eventually(
      () => (keys.every((k) => seen.some((s) => s.key === k && s.member === 'a')) ? true : undefined),
      30_000,
      'a to receive every key',
    );
    expect(new Set(seen.filter((s) => keys.includes(s.key)).map((s) => s.partition)).size).toBeGreaterThan(1);
  });
});
