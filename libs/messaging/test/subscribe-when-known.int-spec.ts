import { afterAll, describe, expect, it } from '@jest/globals';
import { eventually, testKafka, uniqueSuffix } from '@insyn/testing';
import type { Consumer } from 'kafkajs';
import { subscribeWhenKnown } from '../src/kafka-server.js';

/**
 * A consumer that starts before its topic exists waits for it instead of failing: kafkajs' subscribe
 * alone fails at once with "This server does not host this topic-partition", and a service exited on it.
 */
describe('subscribeWhenKnown, on the real broker', () => {
  const kafka = testKafka('subscribe-test');
  const consumers: Consumer[] = [];
  const consumer = async () => {
    // As the services subscribe: a topic is never created by subscribing to it.
    const c = kafka.consumer({ groupId: `subscribe-${uniqueSuffix()}`, allowAutoTopicCreation: false });
    consumers.push(c);
    await c.connect();
    return c;
  };

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
  });

  it('waits for a topic created after it started, then consumes it', async () => {
    const topic = `test.late${uniqueSuffix()}.v1`;
    const c = await consumer();
    const retries: string[] = [];
    const subscribed = subscribeWhenKnown(c, { topics: [topic], fromBeginning: true }, { delayMs: 200, onRetry: (m) => retries.push(m) });
    await eventually(() => (retries.length > 0 ? true : undefined));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    await subscribed;
    expect(retries[0]).toContain(topic);
    const got: string[] = [];
    await c.run({
      eachMessage: ({ message }) => {
        got.push(message.value!.toString());
        return Promise.resolve();
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'late but read' }] });
    await producer.disconnect();
    await eventually(() => (got.length > 0 ? true : undefined));
    expect(got).toEqual(['late but read']);
  });

  it('fails naming the topic when it never comes', async () => {
    const topic = `test.never${uniqueSuffix()}.v1`;
    const c = await consumer();
    await expect(subscribeWhenKnown(c, { topics: [topic] }, { attempts: 2, delayMs: 50 })).rejects.toThrow(
      `the Kafka broker does not know the topic(s) ${topic} after 2 attempts`,
    );
  });
});
