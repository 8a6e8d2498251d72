import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Topics } from '@insyn/contracts';
import { createTestApp, eventually, KafkaProbe, metricValue, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { ledgerDescription, ledgerFixture } from '../../libs/messaging/test/ledger.fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const suffix = uniqueSuffix();
useTestEnvironment();
const fixture = ledgerFixture(`replay${suffix}`, { relay: true });
const CONSUMER = 'TotalsConsumer.onEntryPosted';

/**
 * `npm run dead-letters -- <args>` as an operator runs it: a process of its own, with only the broker's
 * address and the installation's topic prefix (this file's own, tests/setup/topic-prefix.ts).
 */
function deadLetters(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './scripts/ts-loader.mjs', 'libs/messaging/src/dead-letters.cli.ts', ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX },
        timeout: 90_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    );
  });
}

describe('dead letters are listed, inspected without personal data and replayed once the cause is fixed (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let eventId: string;
  let deadLetterId: string;
  const accountId = `konto-${suffix}`;
  const totals = () => app.get<Connection>(getConnectionToken()).collection<{ _id: string; total: number; events: string[] }>('totals');
  const duplicates = async () =>
    metricValue((await request(app.getHttpServer()).get('/metrics').expect(200)).text, 'insyn_events_consumed_total', {
      topic: fixture.topic,
      outcome: 'duplicate',
    });

  beforeAll(async () => {
    app = await createTestApp(fixture.LedgerModule, ledgerDescription);
    probe = await KafkaProbe.start([fixture.topic, Topics.DeadLetterV1]);
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it('dead-letters an event whose handler keeps failing', async () => {
    app.get(fixture.TotalsConsumer).failNext = 1_000; // the cause: every attempt fails
    eventId = (await app.get(fixture.Ledger).post(accountId, 7)).id;
    await probe.waitFor(
      (ms) => ms.some((m) => m.topic === Topics.DeadLetterV1 && m.json<{ eventId?: string }>()?.eventId === eventId),
      60_000,
    );
    expect(await totals().findOne({ _id: accountId })).toBeNull();
  });

  it('lists it with its id, topic, consumer and reason, and shows it without the message’s values', async () => {
    const list = await deadLetters('list');
    expect(list.code).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.endsWith(`\t${eventId}`));
    expect(line).toBeDefined();
    const [id, , topic, consumer, reason] = line!.split('\t');
    expect([topic, consumer, reason]).toEqual([fixture.topic, CONSUMER, 'handler-failed']);
    expect(id).toMatch(/^\d+:\d+$/);
    deadLetterId = id!;

    const show = await deadLetters('show', deadLetterId);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      id: deadLetterId,
      eventId,
      originalTopic: fixture.topic,
      reason: 'handler-failed',
      error: 'transient failure',
      replays: 0,
      message: { present: true, type: fixture.topic, source: 'ledger-test', dataFields: ['accountId', 'amount'] },
    });
    expect(show.stdout).not.toContain(accountId);
    expect(list.stdout).not.toContain(accountId);
  });

  it('replays it after the fix: the consumer that gave up handles it once', async () => {
    app.get(fixture.TotalsConsumer).failNext = 0; // the fix
    const replay = await deadLetters('replay', deadLetterId);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(`replayed ${deadLetterId} (event ${eventId}) to ${fixture.topic}`);
    const doc = await eventually(async () => (await totals().findOne({ _id: accountId })) ?? undefined, 30_000, 'the replayed event');
    expect(doc).toMatchObject({ total: 7, events: [eventId] });
  });

  it('a second replay changes nothing: the inbox knows the event is handled', async () => {
    const before = await duplicates();
    expect((await deadLetters('replay', deadLetterId)).code).toBe(0);
    await eventually(async () => ((await duplicates()) > before ? true : undefined), 30_000, 'the second replay skipped as a duplicate');
    expect(await totals().findOne({ _id: accountId })).toMatchObject({ total: 7, events: [eventId] });

    const list = await deadLetters('list');
    expect(list.stdout.split('\n').find((l) => l.startsWith(`${deadLetterId}\t`))).toContain('\treplays=2\t');
  });

  it('says so when there is no such dead letter, and how to call it', async () => {
    const missing = await deadLetters('show', '99:999999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no dead letter 99:999999');
    const usage = await deadLetters('replay');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run dead-letters');
  });
});
