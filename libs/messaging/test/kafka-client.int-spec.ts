// The process's producer keeps sending after a request the broker took in part (real Kafka). kafkajs takes
// back the sequence numbers of every partition of a failed request, also of the partitions the broker
// wrote; the broker then refuses each later batch to those partitions as out of order
// (OUT_OF_ORDER_SEQUENCE_NUMBER) for as long as the producer lives. Found by tests/system/faults.e2e-spec.ts,
// where a broker restart left the messages service's relay refused until the process restarted; here a
// topic that takes only small messages refuses its part of a batch, which makes the same state at will.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, testKafka, uniqueSuffix } from '@insyn/testing';
import { type Admin, KafkaJSProtocolError } from 'kafkajs';
import { KafkaClient, kafkaConnection, type MessagingOptions, sequenceErrorOf } from '../src/index.js';

const suffix = uniqueSuffix();
const WIDE = `test.kafka-client-wide${suffix}.v1`;
/** Takes messages of at most 1 KiB. */
const NARROW = `test.kafka-client-narrow${suffix}.v1`;

describe('KafkaClient’s producer after a batch the broker took in part (real Kafka)', () => {
  let admin: Admin;
  const client = new KafkaClient({
    service: `kafka-client-test-${suffix}`,
    connection: kafkaConnection(process.env),
  } as MessagingOptions);

  beforeAll(async () => {
    admin = testKafka('kafka-client-test').admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: WIDE, numPartitions: 1 },
        { topic: NARROW, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1024' }] },
      ],
    });
  });

  afterAll(async () => {
    await client.onApplicationShutdown();
    await admin.deleteTopics({ topics: [WIDE, NARROW] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('sends the next batch to a partition the refused request wrote', async () => {
    const producer = await client.producer();
    // One request: the wide topic's part is written, the narrow topic's message is too large.
    const refused = await producer
      .sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: WIDE,
            messages: [
              { key: 'k', value: '1' },
              { key: 'k', value: '2' },
            ],
          },
          { topic: NARROW, messages: [{ key: 'k', value: 'x'.repeat(4096) }] },
        ],
      })
      .then(
        () => undefined,
        (err: Error) => err,
      );
    expect(refused?.message).toMatch(/larger than the max message size/);
    expect((await admin.fetchTopicOffsets(WIDE))[0]?.high).toBe('2');

    // The next send to the written partition: refused as out of order by a producer that took back its numbers.
    await producer.send({ topic: WIDE, acks: -1, messages: [{ key: 'k', value: '3' }] });
    await producer.send({
      topic: WIDE,
      acks: -1,
      messages: [
        { key: 'k', value: '4' },
        { key: 'k', value: '5' },
      ],
    });
    await eventually(async () => ((await admin.fetchTopicOffsets(WIDE))[0]?.high === '5' ? true : undefined), 10_000, 'five messages');
  });

  it('recognises the broker’s sequence errors, also as the cause of a kafkajs error', () => {
    const outOfOrder = new KafkaJSProtocolError(
      Object.assign(new Error('The broker received an out of order sequence number'), { type: 'OUT_OF_ORDER_SEQUENCE_NUMBER', code: 45 }),
    );
    expect(sequenceErrorOf(outOfOrder)).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(sequenceErrorOf(new Error('retries exceeded', { cause: outOfOrder }))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(
      sequenceErrorOf(new KafkaJSProtocolError(Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE', code: 10 }))),
    ).toBeUndefined();
    expect(sequenceErrorOf(undefined)).toBeUndefined();
  });
});
