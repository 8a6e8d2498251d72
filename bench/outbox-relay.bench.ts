// Publishing through the embedded outbox (send the entries the producers' writes handed over, remove
// them), against sending the same messages (key, value and the headers every Insyn event carries) straight
// to Kafka with the same producer settings, in the same run. N is BENCH_OUTBOX_EVENTS, in
// BENCH_OUTBOX_ROUNDS rounds of each.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { defineEvent, envelopeOf } from '@insyn/contracts';
import { eventHeaders, KafkaClient, OutboxRelay, type OutboxEntry } from '@insyn/messaging';
import { ServiceEnv, ServiceKitModule } from '@insyn/service-kit';
import { IsInt, IsString } from 'class-validator';
import { Partitioners } from 'kafkajs';
import type { Connection } from 'mongoose';
import { report, size } from './harness.js';

const N = size('BENCH_OUTBOX_EVENTS', 1_000, 100);
const ROUNDS = size('BENCH_OUTBOX_ROUNDS', 15, 1);
process.env.MONGODB_DB = `bench_outbox_${Date.now()}`;
process.env.LOG_LEVEL = 'warn';

class Counted {
  @IsString()
  id!: string;
  @IsInt()
  n!: number;
}
class CountedEnvelope extends envelopeOf(Counted) {}
const suffix = Date.now().toString(36);
const Event = defineEvent({ type: `bench.outbox${suffix}.counted.v1`, data: Counted, envelope: CountedEnvelope, key: (d) => d.id });
const RawEvent = defineEvent({ type: `bench.raw${suffix}.counted.v1`, data: Counted, envelope: CountedEnvelope, key: (d) => d.id });

function entries(topic: string): OutboxEntry[] {
  return Array.from({ length: N }, (_, n) => {
    const id = randomUUID();
    const value = JSON.stringify({
      id,
      type: topic,
      occurredAt: new Date().toISOString(),
      source: 'bench',
      correlationId: id,
      data: { id: `agg-${n}`, n },
    });
    return { id, topic, key: `agg-${n}`, value, createdAt: new Date() };
  });
}

@Module({
  imports: [
    ServiceKitModule.forRoot({ service: 'bench-outbox', env: ServiceEnv, events: [Event, RawEvent], outboxCollections: ['items'] }),
  ],
})
class BenchModule {}

const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
const kafka = app.get(KafkaClient);
const items = app.get<Connection>(getConnectionToken()).collection<{ _id: string; value: number; outbox: object[] }>('items');

// Alternating rounds of the baseline and the outbox, each with new messages and documents, and the
// median of each. A single round of 1 000 events lasts about 0.1 s and measured the baseline cold (its
// first sends take two to four times as long as the next ones), so its ratio ranged from 0.42 to 0.86
// on one day. The median leaves the cold first rounds out. Fifteen rounds, not five: the relay's first
// rounds are slow too (its code and the new collection cold: 0.08-0.12 s, then 0.04-0.06), and in a full
// `npm run bench` the median of five was still one of them (session 19).
const producer = kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const relay = app.get(OutboxRelay);
const handOver = process.env.BENCH_OUTBOX_READ !== '1';
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/**
 * Baseline: the same number of messages straight to Kafka in batches of 200, each as the relay sends an
 * event (`eventHeaders`: its id and type, which docs/asyncapi.yaml requires of every Insyn event, so a
 * producer without an outbox sends them too). kafkajs encodes each header into a buffer of its own, and
 * the two add about a fifth to its work per message (21-23 ms of CPU per 1 000 without them, 25-27 with
 * them), so a send without them is not the same work. Until session 21 it was the baseline; it is still
 * measured in the same rounds and printed beside, without a target.
 */
async function direct(withHeaders = true): Promise<number> {
  const raw = entries(RawEvent.type);
  const started = process.hrtime.bigint();
  for (let i = 0; i < raw.length; i += 200) {
    const messages = raw
      .slice(i, i + 200)
      .map((e) => (withHeaders ? { key: e.key, value: e.value, headers: eventHeaders(e) } : { key: e.key, value: e.value }));
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic: RawEvent.type, messages }] });
  }
  return seconds(started);
}

/**
 * The outbox: N aggregates each with one waiting event, marked as N producer writes leave them: the
 * mark carries the outbox the write left (an insert's, or an update's answer with RETURN_OUTBOX), so the
 * relay sends without reading the documents (ADR 0028). The marks are made in one go, before the woken
 * relay's first round. Timed until the relay says nothing is waiting, being sent or being removed
 * (`isIdle`, a look at three sizes: `backlog()`, which the gauges use, builds a map of every aggregate),
 * and, printed beside it without a target, until the broker has every event (`isSent`).
 * BENCH_OUTBOX_READ=1 marks without the outboxes, as a producer that cannot hand one over does: each
 * round then reads its documents first.
 */
async function throughOutbox(round: number): Promise<{ took: number; sent: number }> {
  const docs = entries(Event.type).map((e, n) => ({ _id: `r${round}-agg-${n}`, value: n, outbox: [e] }));
  for (let i = 0; i < docs.length; i += 1000) await items.insertMany(docs.slice(i, i + 1000));
  const started = process.hrtime.bigint();
  for (const d of docs) void relay.enqueued('items', d._id, handOver ? d.outbox : undefined);
  let sent: number | undefined;
  while (!relay.isIdle()) {
    if (sent === undefined && relay.isSent()) sent = seconds(started);
    await new Promise((r) => setTimeout(r, 1));
  }
  const took = seconds(started);
  const left = await items.countDocuments({ 'outbox.0': { $exists: true } });
  if (left > 0) throw new Error(`${left} outboxes still hold events after the relay said it was done`);
  return { took, sent: sent ?? took };
}

const directRuns: number[] = [];
const bareRuns: number[] = [];
const relayRuns: number[] = [];
const sentRuns: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  directRuns.push(await direct());
  bareRuns.push(await direct(false));
  const { took, sent } = await throughOutbox(round);
  relayRuns.push(took);
  sentRuns.push(sent);
}
await producer.disconnect();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rawSeconds = median(directRuns);
const relaySeconds = median(relayRuns);
const sentSeconds = median(sentRuns);
const bareSeconds = median(bareRuns);
const list = (xs: number[], digits = 2) => xs.map((x) => x.toFixed(digits)).join(', ');

report(
  `outbox-relay (${N} events)`,
  `${Math.round(N / relaySeconds)} events/s through the outbox`,
  `${Math.round(N / rawSeconds)} events/s sent directly`,
  rawSeconds / relaySeconds,
  0.5,
  `${ROUNDS === 1 ? 'one round each' : `medians of ${ROUNDS} alternating rounds`}: relay ${relaySeconds.toFixed(2)} s (${list(relayRuns)}), direct ${rawSeconds.toFixed(2)} s (${list(directRuns)}); sent directly without headers ${Math.round(N / bareSeconds)} events/s (${bareSeconds.toFixed(3)} s, ratio ${(bareSeconds / relaySeconds).toFixed(2)} against them)`,
);
report(
  `outbox-relay, on the broker (${N} events)`,
  `${Math.round(N / sentSeconds)} events/s until the broker had every event`,
  `${Math.round(N / rawSeconds)} events/s sent directly`,
  rawSeconds / sentSeconds,
  undefined,
  `the same rounds, timed until the last send was acknowledged: ${sentSeconds.toFixed(3)} s (${list(sentRuns, 3)}); the rest of the relay's time above is removing the sent entries from their outboxes`,
);
await app.close();
