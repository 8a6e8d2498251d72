// Event latency: from a use case's write (state and event in one document, then the outbox relay) to
// the @OnEvent handler of a service in another process, against a bare kafkajs produce → consume of the
// same messages in the same run, at 100 and at 1 000 events/s for BENCH_LATENCY_SECONDS each.
// Targets (issue 19): p99 within 2× of the bare path (ratio ≥ 0.5), and under 50 ms at 100 events/s.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { EventFactory, KafkaClient, type OutboxEntry, OutboxRelay, RETURN_OUTBOX } from '@insyn/messaging';
import { ServiceEnv, ServiceKitModule } from '@insyn/service-kit';
import type { Connection } from 'mongoose';
import { latencyEvents, type LatencyStats, stats, wallClockMs } from './event-latency.shared.js';
import { report, size } from './harness.js';

// 10 s: the p99 of a 100 events/s phase is then its tenth slowest event, not its fifth, and one stall of
// the 2-core machine (a broker GC pause, say) moves it less.
const SECONDS = size('BENCH_LATENCY_SECONDS', 10, 1);
const AGGREGATES = 50;
const suffix = Date.now().toString(36);
const events = latencyEvents(suffix);
process.env.MONGODB_DB = `bench_latency_${suffix}`;
process.env.LOG_LEVEL = 'warn';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: `bench-latency-${suffix}`,
      env: ServiceEnv,
      events: [events.outbox],
      outboxCollections: ['items'],
    }),
  ],
})
class ProducerModule {}

const app = await NestFactory.createApplicationContext(ProducerModule, { logger: ['error'] });
const kafka = app.get(KafkaClient);
await kafka.ensureTopics([events.rawTopic]);
const relay = app.get(OutboxRelay);
const factory = app.get(EventFactory);
const items = app.get<Connection>(getConnectionToken()).collection<{ _id: string; n: number; outbox: OutboxEntry[] }>('items');
const producer = await kafka.producer();

const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', path.join('bench', 'event-latency-consumer.ts'), suffix], {
  cwd: path.resolve(import.meta.dirname, '..'),
  env: { ...process.env, MONGODB_DB: `bench_latency_consumer_${suffix}` },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = readline.createInterface({ input: child.stdout });
const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
if ((await nextLine()) !== 'ready') throw new Error('the consumer process did not start');
/** The latencies (ms) of `which` that reached the consumer since the last ask. */
const ask = async (which: 'outbox' | 'raw' | 'relayed'): Promise<number[]> => {
  child.stdin.write(`stats ${which}\n`);
  return JSON.parse(await nextLine()) as number[];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One event written as a use case writes it: its state and its event in one document update, which
 * answers with the outbox as it left it, handed to the relay with the mark (ADR 0028).
 */
async function write(n: number): Promise<void> {
  const id = `agg-${n % AGGREGATES}`;
  const entry = factory.outboxEntry(events.outbox, { id, n, writtenAt: wallClockMs() });
  const after = await items.findOneAndUpdate({ _id: id }, { $set: { n }, $push: { outbox: entry } }, { ...RETURN_OUTBOX, upsert: true });
  await relay.enqueued('items', id, after!.outbox);
}

async function send(n: number): Promise<void> {
  const id = `agg-${n % AGGREGATES}`;
  await producer.send({
    topic: events.rawTopic,
    acks: -1,
    messages: [{ key: id, value: JSON.stringify({ n, writtenAt: wallClockMs() }) }],
  });
}

/** `rate` events a second for SECONDS, each started on its schedule, then waits until all have arrived. */
async function phase(which: 'outbox' | 'raw', rate: number): Promise<LatencyStats> {
  const total = rate * SECONDS;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait >= 1) await sleep(wait);
    pending.push(which === 'outbox' ? write(n) : send(n));
  }
  await Promise.all(pending);
  const deadline = performance.now() + 120_000;
  // Every event's latency, so that the percentiles are of the whole phase (the consumer answers in
  // slices and forgets what it reported; a slice's p99 of 50 events is its maximum).
  const all: number[] = [];
  while (performance.now() < deadline) {
    await sleep(500);
    all.push(...(await ask(which)));
    if (all.length >= total) break;
  }
  if (all.length < total) throw new Error(`${which} at ${rate}/s: ${all.length} of ${total} events arrived`);
  if (which === 'outbox') relayed = stats(await ask('relayed'));
  return stats(all);
}

let relayed: LatencyStats | undefined;
// A warm-up of both paths, not measured: the first sends to a new topic wait for its metadata and the
// consumers' first fetches, and a handful of such events would be the 500-event phase's p99.
for (const which of ['raw', 'outbox'] as const) {
  for (let n = 0; n < 50; n++) await (which === 'outbox' ? write(n) : send(n));
  for (let seen = 0, tries = 0; seen < 50 && tries < 120; tries++) {
    await sleep(500);
    seen += (await ask(which)).length;
  }
}
await ask('relayed');
const ms = (x: number) => `${x.toFixed(1)} ms`;
for (const rate of [100, 1_000]) {
  const raw = await phase('raw', rate);
  const outbox = await phase('outbox', rate);
  const under50 = rate === 100 ? `; p99 under 50 ms: ${outbox.p99 < 50 ? 'met' : 'MISSED'}` : '';
  report(
    `event latency at ${rate} events/s (use case write → @OnEvent handler, another process)`,
    `p50 ${ms(outbox.p50)}, p99 ${ms(outbox.p99)}`,
    `bare kafkajs produce → consume p50 ${ms(raw.p50)}, p99 ${ms(raw.p99)}`,
    raw.p99 / outbox.p99,
    0.5,
    `${outbox.count} events over ${SECONDS} s, max ${ms(outbox.max)}; sent by the relay (write included) after p50 ${ms(relayed!.p50)}, p99 ${ms(relayed!.p99)}${under50}`,
  );
}

child.stdin.end();
await new Promise((r) => child.once('exit', r));
await app.get<Connection>(getConnectionToken()).dropDatabase();
await app.close();
