// The Kafka broker goes away while a service writes (issue 12): the messages and retention services run
// on a broker of this test's own (scripts/infra.mjs startOwnKafka, so the shared one is never touched).
// With the broker stopped, a municipal system closes a conversation: the HTTP write succeeds (the
// conversation.closed event waits in the conversation's outbox) and /health reports Kafka down. When
// the broker is back, the event reaches the topic once and the retention service handles it once.
// Real Kafka and MongoDB.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { TopicNames } from '@insyn/messaging';
import { eventually, uniqueSuffix } from '@insyn/testing';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import request from 'supertest';
import { insynServices, useOwnKafka } from '../security/services-harness.js';

const ANNA = '199908072391';
const timings: Record<string, number> = {};
const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[what] = Date.now() - started;
  }
};

const broker = await timed('start the broker', () => useOwnKafka()); // the apps, the history mark and this file's clients
const services = await insynServices({
  subjectKeySecret: 'e2e-broker-outage-subject-secret-32-chars',
  // After the broker's restart the group waits for the members it knew: 10 s instead of 30.
  env: { KAFKA_SESSION_TIMEOUT_MS: '10000' },
});

describe('a broker outage while a service writes (a broker of the test’s own, real MongoDB)', () => {
  let messages: INestApplication;
  let retentionDb: mongoose.Connection;
  let system: string;

  beforeAll(async () => {
    const running = await timed('start messages and retention', () => services.start(['messages', 'retention']));
    messages = running.get('messages')!.app;
    retentionDb = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: running.get('retention')!.db }).asPromise();
    system = await services.tokens.mint({ sub: 'outage-system', kind: 'client', scope: 'messages:send', unit: services.units.a });
  }, 180_000);

  afterAll(async () => {
    await retentionDb?.close();
    await services.stop();
    await broker.close();
    process.stdout.write(`broker outage test, milliseconds: ${JSON.stringify(timings)}\n`);
  });

  const health = async () => (await request(messages.getHttpServer()).get('/health')).status;

  it('the write succeeds while the broker is down, health says so, and the event is delivered once when it returns', async () => {
    const http = () => request(messages.getHttpServer());
    const opened = await http()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${system}`)
      .send({ personnummer: ANNA, subject: 'Kallelse till möte', body: 'Välkommen på tisdag.' })
      .expect(201);
    const conversationId = (opened.body as { conversationId: string }).conversationId;
    expect(await health()).toBe(200);

    await timed('stop the broker', () => broker.stop());
    await timed('health to report Kafka down', () =>
      eventually(async () => ((await health()) === 503 ? true : undefined), 30_000, '/health to answer 503'),
    );
    const down = await http().get('/health');
    expect(down.body).toMatchObject({ details: { kafka: { status: 'down' } } });

    // The write: the conversation is closed, its event waits in the outbox.
    const closed = await timed('close the conversation without a broker', () =>
      http().post(`/v1/conversations/${conversationId}/close`).set('Authorization', `Bearer ${system}`).send({}),
    );
    expect(closed.status).toBe(200);
    // A few seconds of relay attempts against no broker.
    await new Promise((r) => setTimeout(r, 3_000));

    await timed('start the broker again', () => broker.start());
    await timed('health to report Kafka up', () =>
      eventually(async () => ((await health()) === 200 ? true : undefined), 60_000, '/health to answer 200'),
    );

    // Delivered: the retention service has the candidate, from one event it handled once.
    const candidate = await timed('the event to reach retention', () =>
      eventually(
        async () =>
          (await retentionDb.collection('candidates').findOne({ _id: conversationId as never, closedAt: { $exists: true } })) ?? undefined,
        60_000,
        'the candidate',
      ),
    );
    expect(candidate).toMatchObject({ unit: services.units.a, closedAt: expect.any(Date) });

    // Once on the topic (the relay did not send it twice), and handled once.
    const kafka = new Kafka({ clientId: `outage-${uniqueSuffix()}`, brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `outage-count-${uniqueSuffix()}` });
    const copies: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [TopicNames.fromEnv().onBroker(Topics.MessagesConversationClosedV1)], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const event = JSON.parse(message.value!.toString()) as { id: string; data: { conversationId: string } };
        if (event.data.conversationId === conversationId) copies.push(event.id);
        return Promise.resolve();
      },
    });
    await eventually(() => (copies.length > 0 ? true : undefined), 30_000, 'the event on the topic');
    await new Promise((r) => setTimeout(r, 2_000)); // time for a second copy to show, were there one
    await consumer.disconnect();
    expect(copies).toHaveLength(1);
    const handled = await retentionDb.collection('inbox').find({ eventId: copies[0] }).toArray();
    expect(handled.map((h) => ({ consumer: h.consumer as string, outcome: h.outcome as string }))).toEqual([
      { consumer: 'CandidatesConsumer.onConversationClosed', outcome: 'handled' },
    ]);
  }, 240_000);
});
