// Malformed and oversized events on every consumed topic go to the dead-letter topic with their reason,
// and the consumer goes on (issue 12). The subscriptions are read from the apps' own metadata (every
// @OnEvent handler, i.e. Nest's event pattern on a controller method), so a new consumer is covered by
// itself. For each topic, on one key (one partition, so in this order), the test publishes to the real
// broker: a value that is not JSON, JSON that is not an envelope, an envelope whose data breaks the
// contract, an envelope of another event type, data nested far too deep, a value near the broker's
// largest message, and then a valid event. Every consumer of the topic must dead-letter each bad one,
// with reason contract-violation and the consumer's name, and then take the valid event (its inbox
// records it as handled).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EVENT_CATALOGUE, Topics, validateEvent } from '@insyn/contracts';
import { TopicNames } from '@insyn/messaging';
import { ensureTestTopics, eventually, publishEvent, uniqueSuffix } from '@insyn/testing';
import { ConfigResourceTypes, type Consumer, Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { EXAMPLE_SUBJECT_KEY, exampleData } from './event-examples.js';
import { insynServices, type RunningService, type ServiceName, useOwnKafka } from './services-harness.js';

// A broker of the file's own: other files' probes read these topics from the beginning and expect JSON.
const broker = await useOwnKafka();
const services = await insynServices({ subjectKeySecret: 'e2e-dead-letters-subject-secret-32-chars' });

interface Subscription {
  service: ServiceName;
  db: string;
  topic: string;
  /** As dead letters name it: `Class.method`. */
  consumer: string;
}

/** Every @OnEvent handler of the app: Nest's event patterns on its controllers' methods. */
function subscriptionsOf(r: RunningService): Subscription[] {
  const app: INestApplication = r.app;
  const scanner = app.get(MetadataScanner);
  const found: Subscription[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    if (!wrapper.instance || !wrapper.metatype) continue;
    const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, object>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const patterns = Reflect.getMetadata('microservices:pattern', proto[name]!) as unknown[] | undefined;
      for (const topic of patterns ?? [])
        found.push({ service: r.name, db: r.db, topic: String(topic), consumer: `${wrapper.metatype.name}.${name}` });
    }
  }
  return found;
}

/**
 * Consumers that dead-letter a valid event about something their service never saw (reason
 * handler-failed, by design): for them the valid event shows the consumer went on by its own dead letter.
 */
const REFUSE_THE_UNKNOWN: Record<string, string> = {
  'RequestsConsumer.onPart': 'a part of a request the rights service never opened',
};

interface DeadLetter {
  consumer: string;
  originalTopic: string;
  eventId?: string;
  value: string | null;
  reason: string;
  violations?: { field: string; messages: string[] }[];
}

describe('malformed and oversized events on every consumed topic are dead-lettered, and the consumer goes on (real Kafka and MongoDB)', () => {
  let running: Map<ServiceName, RunningService>;
  let subscriptions: Subscription[];
  const kafka = new Kafka({
    clientId: `dead-letter-test-${uniqueSuffix()}`,
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  let watcher: Consumer;
  const letters: DeadLetter[] = [];
  const connections = new Map<string, mongoose.Connection>();
  let maxMessageBytes = 0;

  beforeAll(async () => {
    running = await services.start();
    subscriptions = [...running.values()].flatMap(subscriptionsOf);
    for (const db of new Set(subscriptions.map((s) => s.db)))
      connections.set(db, await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise());
    // The largest message the broker takes on these topics.
    const admin = kafka.admin();
    await admin.connect();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [...new Set(subscriptions.map((s) => s.topic))].map((topic) => ({
        type: ConfigResourceTypes.TOPIC,
        name: TopicNames.fromEnv().onBroker(topic),
        configNames: ['max.message.bytes'],
      })),
    });
    maxMessageBytes = Math.min(...described.resources.map((r) => Number(r.configEntries[0]!.configValue)));
    await admin.disconnect();
    await ensureTestTopics(kafka, [TopicNames.fromEnv().onBroker(Topics.DeadLetterV1)]);
    // The dead-letter topic from now on.
    watcher = kafka.consumer({ groupId: `dead-letter-watch-${uniqueSuffix()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
    const joined = new Promise<void>((resolve) => watcher.on(watcher.events.GROUP_JOIN, () => resolve()));
    await watcher.connect();
    await watcher.subscribe({ topics: [TopicNames.fromEnv().onBroker(Topics.DeadLetterV1)], fromBeginning: false });
    await watcher.run({
      eachMessage: ({ message }) => {
        letters.push(JSON.parse(message.value!.toString()) as DeadLetter);
        return Promise.resolve();
      },
    });
    await joined;
  }, 120_000);

  afterAll(async () => {
    await watcher?.disconnect();
    for (const c of connections.values()) await c.close();
    await services.stop();
    await broker.close();
  });

  it('reads the subscriptions from the apps, and has a valid example of every event they consume', () => {
    const topics = new Set(subscriptions.map((s) => s.topic));
    expect(subscriptions.length).toBeGreaterThanOrEqual(14);
    for (const topic of topics) {
      const contract = EVENT_CATALOGUE.find((e) => e.contract.type === topic)?.contract;
      expect({ topic, contract: contract?.type }).toEqual({ topic, contract: topic });
      const data = exampleData(topic, services.units.a);
      expect({ topic, example: data !== undefined }).toEqual({ topic, example: true });
      const envelope = {
        id: randomUUID(),
        type: topic,
        occurredAt: new Date().toISOString(),
        source: 'test',
        correlationId: 'c',
        subjectKey: EXAMPLE_SUBJECT_KEY,
        data,
      };
      expect({ topic, violations: validateEvent(contract!, envelope) }).toEqual({ topic, violations: [] });
    }
  });

  it('every consumer of every topic dead-letters each malformed event with its reason, then handles a valid one', async () => {
    const byTopic = new Map<string, Subscription[]>();
    for (const s of subscriptions) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
    const expected: { topic: string; case: string; marker: string; eventId?: string; field?: RegExp }[] = [];
    const good: { topic: string; eventId: string }[] = [];

    for (const [topic, subs] of byTopic) {
      const contract = EVENT_CATALOGUE.find((e) => e.contract.type === topic)!.contract;
      const key = `dead-letter-test-${uniqueSuffix()}`;
      const envelope = (eventId: string, data: unknown, type = topic) =>
        JSON.stringify({
          id: eventId,
          type,
          occurredAt: new Date().toISOString(),
          source: 'test',
          correlationId: eventId,
          subjectKey: EXAMPLE_SUBJECT_KEY,
          data,
        });
      const send = async (name: string, make: (marker: string, eventId: string) => string, envelopeId: boolean, field?: RegExp) => {
        const marker = `dlq-${uniqueSuffix()}`;
        const eventId = `evt-${marker}`;
        await publishEvent(contract, {}, { raw: make(marker, eventId), key, id: eventId, malformed: true });
        expected.push({ topic, case: name, marker, ...(envelopeId ? { eventId } : {}), ...(field ? { field } : {}) });
      };
      await send('not JSON', (m) => `${m} this is not JSON {`, false);
      await send('JSON that is not an envelope', (m) => JSON.stringify({ marker: m, hello: 'world' }), false);
      await send('a JSON array', (m) => JSON.stringify([m, 1, 2]), false);
      await send('an envelope whose data breaks the contract', (m, id) => envelope(id, { marker: m }), true, /^data\./);
      await send('an envelope of another event type', (m, id) => envelope(id, { marker: m }, 'some.other-event.v1'), true, /^type$/);
      // Written out by hand: JSON.stringify itself overflows the stack at this depth.
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      await send('data nested 10 000 levels deep', (m, id) => envelope(id, { marker: m }).replace(/\}\}$/, `,"deep":${deep}}}`), true);
      // Near the largest message the broker takes (what is left for the key, headers and batch).
      await send(
        'a value near the broker’s maximum size',
        (m, id) => envelope(id, { marker: m, padding: 'x'.repeat(maxMessageBytes - 2_000) }),
        true,
      );
      const eventId = await publishEvent(contract, exampleData(topic, services.units.a) as never, {
        key,
        subjectKey: EXAMPLE_SUBJECT_KEY,
        source: 'test',
      });
      good.push({ topic, eventId });
      expect(subs.length).toBeGreaterThan(0);
    }

    // Each consumer of the topic: one dead letter per bad value, with the reason; then the valid event taken.
    const missing = () =>
      expected.flatMap((e) =>
        byTopic.get(e.topic)!.flatMap((s) => {
          const letter = letters.find(
            (l) =>
              l.consumer === s.consumer &&
              l.originalTopic === e.topic &&
              (e.eventId ? l.eventId === e.eventId : (l.value ?? '').includes(e.marker)),
          );
          return letter ? [] : [`${s.consumer} on ${e.topic}: ${e.case}`];
        }),
      );
    const notTaken = async () => {
      const out: string[] = [];
      for (const g of good)
        for (const s of byTopic.get(g.topic)!) {
          const doc = await connections
            .get(s.db)!
            .collection('inbox')
            .findOne({ _id: `${s.consumer}:${g.eventId}` as never });
          const refused = letters.find((l) => l.consumer === s.consumer && l.eventId === g.eventId)?.reason === 'handler-failed';
          if (doc?.outcome !== 'handled' && !(REFUSE_THE_UNKNOWN[s.consumer] && doc?.outcome === 'dead-lettered' && refused))
            out.push(`${s.consumer} on ${g.topic}: the valid event ${doc ? `was ${String(doc.outcome)}` : 'was not taken'}`);
        }
      return out;
    };
    await eventually(
      async () => (missing().length === 0 && (await notTaken()).length === 0 ? true : undefined),
      90_000,
      'every dead letter and every valid event',
    ).catch(() => undefined);
    expect({ missingDeadLetters: missing(), validEventsNotHandled: await notTaken() }).toEqual({
      missingDeadLetters: [],
      validEventsNotHandled: [],
    });

    for (const e of expected)
      for (const s of byTopic.get(e.topic)!) {
        const letter = letters.find(
          (l) => l.consumer === s.consumer && (e.eventId ? l.eventId === e.eventId : (l.value ?? '').includes(e.marker)),
        )!;
        expect({ case: `${s.consumer}: ${e.case}`, reason: letter.reason }).toEqual({
          case: `${s.consumer}: ${e.case}`,
          reason: 'contract-violation',
        });
        if (e.field) expect(letter.violations?.some((v) => e.field!.test(v.field))).toBe(true);
      }
  }, 150_000);
});
