import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { Topics } from '@insyn/contracts';
import { EVENT_ID_HEADER, EventFactory, OutboxRelay, type OutboxEntry, TopicNames } from '@insyn/messaging';
import { createTestApp, eventually, KafkaProbe, testKafka, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { Partitioners, type Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ledgerDescription, ledgerFixture } from './ledger.fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const suffix = uniqueSuffix();
// The relays scan for outboxes nobody marked every 2 s, not every minute: a crashed producer's marks died with it.
useTestEnvironment({ OUTBOX_SCAN_INTERVAL_MS: '2000' });
const fixture = ledgerFixture(suffix, { relay: true });

interface Totals {
  _id: string;
  total: number;
  events: string[];
}

describe('outbox, inbox and dead letters against the real broker and database', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let producer: Producer;
  const totals = () => app.get<Connection>(getConnectionToken()).collection<Totals>('totals');
  const totalOf = async (accountId: string) => (await totals().findOne({ _id: accountId }))?.total;

  beforeAll(async () => {
    app = await createTestApp(fixture.LedgerModule, ledgerDescription);
    probe = await KafkaProbe.start([fixture.topic, Topics.DeadLetterV1]);
    const kafka = testKafka('raw-producer');
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await probe?.stop();
    await app?.close();
  });

  it('publishes a state change through the outbox, keyed by aggregate id, and the consumer applies it once', async () => {
    const entry = await app.get(fixture.Ledger).post('acct-1', 40);
    await eventually(async () => ((await totalOf('acct-1')) === 40 ? true : undefined), 20_000, 'the consumer effect');
    const published = probe.on(fixture.topic).filter((m) => m.json<{ id: string }>()?.id === entry.id);
    expect(published).toHaveLength(1);
    expect(published[0]!.key).toBe('acct-1');
    expect(published[0]!.json()).toMatchObject({ type: fixture.topic, source: 'ledger-test', data: { accountId: 'acct-1', amount: 40 } });
    // The relay removes exactly what it published from the document's outbox.
    const accounts = app.get<Connection>(getConnectionToken()).collection<{ _id: string; outbox: unknown[] }>('accounts');
    await eventually(
      async () => ((await accounts.findOne({ _id: 'acct-1' }))?.outbox.length === 0 ? true : undefined),
      10_000,
      'the outbox to drain',
    );
  });

  it('changes nothing when the same event is delivered again', async () => {
    const entry = await app.get(fixture.Ledger).post('acct-dup', 7);
    await eventually(async () => ((await totalOf('acct-dup')) === 7 ? true : undefined));
    const calls = app.get(fixture.TotalsConsumer).calls;
    // The relay may publish again after a crash; here we redeliver the very same bytes twice.
    await producer.send({
      topic: TopicNames.fromEnv().onBroker(fixture.topic),
      messages: [
        { key: 'acct-dup', value: entry.value },
        { key: 'acct-dup', value: entry.value },
      ],
    });
    const marker = await app.get(fixture.Ledger).post('acct-dup', 1);
    await eventually(async () => ((await totals().findOne({ _id: 'acct-dup' }))?.events.includes(marker.id) ? true : undefined));
    expect(await totalOf('acct-dup')).toBe(8);
    expect(app.get(fixture.TotalsConsumer).calls).toBe(calls + 1);
  });

  it('changes nothing when the relay sends an event again in the same batch, before its outcome is written', async () => {
    const entry = await app.get(fixture.Ledger).post('acct-dup-batch', 5);
    await eventually(async () => ((await totalOf('acct-dup-batch')) === 5 ? true : undefined));
    const calls = app.get(fixture.TotalsConsumer).calls;
    // As the relay sends them (with the event id header the consumer reads its inbox ahead by), in one
    // send, so that the consumer fetches them in one batch: one it handled before, and a new one twice.
    const fresh = app.get(EventFactory).outboxEntry(fixture.EntryPostedEvent, { accountId: 'acct-dup-batch', amount: 2 });
    const message = (e: OutboxEntry) => ({ key: 'acct-dup-batch', value: e.value, headers: { [EVENT_ID_HEADER]: e.id } });
    await producer.send({
      topic: TopicNames.fromEnv().onBroker(fixture.topic),
      messages: [message(entry), message(fresh), message(fresh)],
    });
    await eventually(async () => ((await totals().findOne({ _id: 'acct-dup-batch' }))?.events.includes(fresh.id) ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(await totalOf('acct-dup-batch')).toBe(7);
    expect(app.get(fixture.TotalsConsumer).calls).toBe(calls + 1);
  });

  it('an event the broker refuses (over its size limit) stays in its outbox and holds up no other aggregate', async () => {
    const accounts = app.get<Connection>(getConnectionToken()).collection<{ _id: string; outbox: OutboxEntry[] }>('accounts');
    const ledger = app.get(fixture.Ledger);
    // An event of 1.5 MB: the broker takes at most 1 MB per message.
    const huge = await ledger.post('acct-huge', 1, { mark: false });
    const oversized = { ...huge, value: JSON.stringify({ ...JSON.parse(huge.value), padding: 'x'.repeat(1_500_000) }) };
    await accounts.updateOne({ _id: 'acct-huge' }, { $set: { outbox: [oversized] } });
    await app.get(OutboxRelay).enqueued('accounts', 'acct-huge');
    const after = await ledger.post('acct-after-huge', 3);
    await eventually(async () => ((await totalOf('acct-after-huge')) === 3 ? true : undefined), 20_000, 'the next aggregate’s event');
    expect(probe.on(fixture.topic).some((m) => m.json<{ id: string }>()?.id === after.id)).toBe(true);
    // Its outbox drains: the refused batch is not retried for ever with the other aggregate's events in it.
    await eventually(
      async () => ((await accounts.findOne({ _id: 'acct-after-huge' }))?.outbox.length === 0 ? true : undefined),
      10_000,
      'the next aggregate’s outbox to drain',
    );
    // Not lost: still waiting in its outbox, and never published.
    expect((await accounts.findOne({ _id: 'acct-huge' }))?.outbox.map((e) => e.id)).toEqual([huge.id]);
    expect(probe.on(fixture.topic).some((m) => m.key === 'acct-huge')).toBe(false);
    expect(await totalOf('acct-huge')).toBeUndefined();
    // Once the operator shrinks it, it goes out.
    await accounts.updateOne({ _id: 'acct-huge' }, { $set: { outbox: [huge] } });
    await app.get(OutboxRelay).enqueued('accounts', 'acct-huge');
    await eventually(async () => ((await totalOf('acct-huge')) === 1 ? true : undefined), 40_000, 'the shrunk event');
  });

  it('sends malformed events to the dead-letter topic with the reason, and goes on with the next', async () => {
    const good = JSON.parse((await app.get(fixture.Ledger).post('acct-dlt', 5)).value) as Record<string, unknown>;
    await eventually(async () => ((await totalOf('acct-dlt')) === 5 ? true : undefined));
    const badPayload = { ...good, id: `bad-${suffix}`, data: { accountId: 'acct-dlt', amount: -3 } };
    const wrongType = { ...good, id: `wrong-${suffix}`, type: 'test.other.v1' };
    await producer.send({
      topic: TopicNames.fromEnv().onBroker(fixture.topic),
      messages: [
        { key: 'acct-dlt', value: 'this is not json {' },
        { key: 'acct-dlt', value: JSON.stringify(badPayload) },
        { key: 'acct-dlt', value: JSON.stringify(wrongType) },
      ],
    });
    const after = await app.get(fixture.Ledger).post('acct-dlt', 2);
    await eventually(async () => ((await totals().findOne({ _id: 'acct-dlt' }))?.events.includes(after.id) ? true : undefined));
    expect(await totalOf('acct-dlt')).toBe(7);
    const letters = await probe.waitFor(
      (all) =>
        all.filter((m) => m.topic === Topics.DeadLetterV1 && m.json<{ originalTopic: string }>()?.originalTopic === fixture.topic).length >=
        3,
    );
    const mine = letters
      .filter((m) => m.topic === Topics.DeadLetterV1)
      .map((m) => m.json<{ reason: string; eventId?: string; violations?: { field: string }[]; value: string }>()!);
    expect(mine.find((l) => l.value === 'this is not json {')).toMatchObject({ reason: 'contract-violation' });
    expect(mine.find((l) => l.eventId === `bad-${suffix}`)?.violations?.map((v) => v.field)).toContain('data.amount');
    expect(mine.find((l) => l.eventId === `wrong-${suffix}`)).toMatchObject({ reason: 'contract-violation' });
  });

  it('retries a failing handler with backoff and applies the event once it succeeds', async () => {
    app.get(fixture.TotalsConsumer).failNext = 2;
    await app.get(fixture.Ledger).post('acct-retry', 9);
    await eventually(async () => ((await totalOf('acct-retry')) === 9 ? true : undefined), 30_000);
    expect(app.get(fixture.TotalsConsumer).failNext).toBe(0);
  });

  async function crashAfterWrite(accountId: string, amount: number, mark: 'mark' | 'no-mark'): Promise<string> {
    const child = spawn(
      process.execPath,
      ['--import', './scripts/ts-loader.mjs', 'libs/messaging/test/crash-producer.ts', suffix, accountId, String(amount), mark],
      {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const written = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /written (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`crash producer exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The write survived the crash, its event with it: still in the document's outbox, unless this test
    // process's own relay (which shares the database) has already sent it — the producer never did.
    const account = await app
      .get<Connection>(getConnectionToken())
      .collection('accounts')
      .findOne({ _id: accountId as never });
    expect(account?.balance).toBe(amount);
    const waiting = ((account?.outbox ?? []) as { id: string }[]).map((e) => e.id);
    expect(waiting.every((id) => id === written)).toBe(true);
    return written;
  }

  async function expectAppliedOnce(accountId: string, amount: number, eventId: string): Promise<void> {
    await eventually(
      async () => ((await totalOf(accountId)) === amount ? true : undefined),
      30_000,
      'the effect of the event written before the crash',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await totals().findOne({ _id: accountId })).toMatchObject({ total: amount, events: [eventId] });
    // Published at least once: the restarted producer's relay and the test app's relay may both recover
    // the same unmarked outbox before either removes it (at-least-once, ADR 0004); the effect above is once.
    expect(probe.on(fixture.topic).filter((m) => m.json<{ id: string }>()?.id === eventId).length).toBeGreaterThanOrEqual(1);
  }

  it('delivers an event exactly once to the consumer effect when the producer dies between write and publish', async () => {
    const written = await crashAfterWrite('acct-crash', 11, 'mark');
    // Its mark died with it (marks live in the producer's memory, ADR 0028): the running relay (here:
    // this test app's) finds the outbox by its scan.
    await expectAppliedOnce('acct-crash', 11, written);
  });

  it('sends what a producer marked when it shuts down, before it stops', async () => {
    // A second instance, as a command-line run is: 1 000 aggregates written and marked, and closed at
    // once. Its relay's loop takes at most one round of 500 before it sees the shutdown: the rest go out
    // only if the shutdown sends them.
    const second = ledgerFixture(suffix, { relay: true });
    const cli = await NestFactory.createApplicationContext(second.LedgerModule, { logger: ['error'] });
    await cli.init();
    const factory = cli.get(EventFactory);
    const ids = Array.from({ length: 1000 }, (_, i) => `acct-cli-${i}`);
    const entries = ids.map((accountId) => factory.outboxEntry(second.EntryPostedEvent, { accountId, amount: 1 }));
    const accounts = app.get<Connection>(getConnectionToken()).collection<{ _id: string; outbox: OutboxEntry[] }>('accounts');
    await accounts.insertMany(ids.map((_id, i) => ({ _id, outbox: [entries[i]!] })));
    const relay = cli.get(OutboxRelay);
    for (const id of ids) void relay.enqueued('accounts', id);
    await cli.close();
    expect(await accounts.countDocuments({ _id: { $in: ids }, 'outbox.0': { $exists: true } })).toBe(0);
    await eventually(
      () => {
        const seen = new Set(probe.on(fixture.topic).map((m) => m.json<{ id: string }>()?.id));
        return Promise.resolve(entries.every((e) => seen.has(e.id)) ? true : undefined);
      },
      20_000,
      'every event on the topic',
    );
  });

  it('recovers an event when the producer died even before marking it, once the producer starts again', async () => {
    const written = await crashAfterWrite('acct-crash-unmarked', 13, 'no-mark');
    // Started again, the producer's relay scans for unmarked outboxes and publishes what it finds.
    const restarted = await NestFactory.createApplicationContext(ledgerFixture(suffix, { relay: true }).LedgerModule, {
      logger: ['error'],
    });
    try {
      await restarted.init();
      await expectAppliedOnce('acct-crash-unmarked', 13, written);
    } finally {
      await restarted.close();
    }
  });
});
