// The test harness's Kafka history mark, over the real broker and a real app: a new consumer group of a
// test file starts where the file first published or started an app, not at the beginning of every
// topic, so an app never acts
// on what earlier files left on the shared broker; a restarted app carries on from its own offsets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { RightsRequestOpenedV1Event } from '@insyn/contracts';
import { TopicNames } from '@insyn/messaging';
import { createTestApp, eventually, publishEvent, TestTokens, testKafka, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { Partitioners } from 'kafkajs';
import mongoose from 'mongoose';

const opened = (requestId: string) => {
  const now = new Date();
  return {
    requestId,
    kind: 'erasure' as const,
    subjectKey: `sk-history-${uniqueSuffix()}`,
    openedAt: now.toISOString(),
    dueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
  };
};
const ids = { earlier: `history-earlier-${uniqueSuffix()}`, beforeStart: `history-before-${uniqueSuffix()}` };
// One key for every event here: one partition, handled in order. When a later event has been handled,
// the earlier one was skipped, not merely still waiting.
const KEY = `history-${ids.earlier}`;
const publish = (requestId: string) => publishEvent(RightsRequestOpenedV1Event, opened(requestId), { source: 'rights', key: KEY });

// An event another test file left on the broker, sent as that file's producer sent it (publishEvent
// would take this file's mark first, and so land after it).
{
  const kafka = testKafka('history-earlier-file');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const id = `evt-${uniqueSuffix()}${uniqueSuffix()}`;
  const at = new Date().toISOString();
  const envelope = {
    id,
    type: RightsRequestOpenedV1Event.type,
    occurredAt: at,
    source: 'rights',
    correlationId: id,
    data: opened(ids.earlier),
  };
  await producer.send({
    topic: TopicNames.fromEnv().onBroker(RightsRequestOpenedV1Event.type),
    acks: -1,
    messages: [{ key: KEY, value: JSON.stringify(envelope) }],
  });
  await producer.disconnect();
}

const tokens = await TestTokens.create();
const { db } = useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: 'history-mark-subject-secret-32-chars-long',
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
});
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

describe('a test file’s apps start at its Kafka history mark (real Kafka, a real app)', () => {
  let app: INestApplication | undefined;
  let raw: mongoose.Connection;
  const answered = async (requestId: string) => (await raw.collection('rights_answers').findOne({ _id: requestId } as never)) !== null;

  beforeAll(async () => {
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
  });

  afterAll(async () => {
    await app?.close();
    await raw?.close();
  });

  it('handles what this file published, also before the app started, and nothing from before the mark', async () => {
    // Published by this file before its app runs: after the mark, so the app must handle it.
    await publish(ids.beforeStart);
    app = await createTestApp(AppModule, SERVICE);
    const afterStart = `history-after-${uniqueSuffix()}`;
    await publish(afterStart);

    await eventually(async () => ((await answered(ids.beforeStart)) && (await answered(afterStart)) ? true : undefined), 30_000);
    expect(await answered(ids.earlier)).toBe(false);
  });

  it('a restarted app (same group, committed offsets) carries on from them, not from the mark', async () => {
    await app!.close();
    const whileDown = `history-down-${uniqueSuffix()}`;
    await publish(whileDown);
    app = await createTestApp(AppModule, SERVICE);
    await eventually(async () => ((await answered(whileDown)) ? true : undefined), 30_000);
    expect(await answered(ids.earlier)).toBe(false);
    expect(await raw.collection('rights_answers').countDocuments({})).toBe(3);
  });
});
