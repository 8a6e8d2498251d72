// The consuming process of bench/event-latency.bench.ts: a service with an @OnEvent handler (contract
// check, inbox, retries: the path every Insyn consumer takes) and a bare kafkajs consumer of the raw
// topic. Each records when an event reached it; on "stats <which>" on stdin it prints the latencies of
// that kind since the last call, as one JSON array on a line, and forgets them.
import 'reflect-metadata';
import readline from 'node:readline';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, type KafkaContext, Payload } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaClient, OnEvent } from '@insyn/messaging';
import { configureApp, ServiceEnv, ServiceKitModule } from '@insyn/service-kit';
import { latencyEvents, type StampedEnvelope, wallClockMs } from './event-latency.shared.js';

const suffix = process.argv[2]!;
const events = latencyEvents(suffix);
const seen = { outbox: [] as number[], raw: [] as number[], relayed: [] as number[] };

@Controller()
class StampedConsumer {
  @OnEvent(events.outbox)
  onStamped(@Payload() event: StampedEnvelope, @Ctx() context: KafkaContext): Promise<void> {
    seen.outbox.push(wallClockMs() - event.data.writtenAt);
    // The relay's send: the time kafkajs stamped on the message (whole ms), read here rather than by a
    // second consumer of the topic, which would add its fetches to this path's load only.
    seen.relayed.push(Number(context.getMessage().timestamp) - event.data.writtenAt);
    return Promise.resolve();
  }
}

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: `bench-latency-consumer-${suffix}`,
      env: ServiceEnv,
      events: [events.outbox],
      outboxCollections: [],
    }),
  ],
  controllers: [StampedConsumer],
})
class ConsumerModule {}

const app = await NestFactory.create<NestExpressApplication>(ConsumerModule, { logger: ['error'], bodyParser: false });
const { consumer } = configureApp(app, {
  service: `bench-latency-consumer-${suffix}`,
  title: 'bench',
  description: 'bench',
  defaultPort: 0,
  consumes: true,
});
await app.init();
await app.startAllMicroservices();
await consumer!.whenJoined();

const kafka = app.get(KafkaClient);
await kafka.ensureTopics([events.rawTopic]);
const raw = kafka.kafka.consumer({ groupId: `bench-latency-raw-${suffix}` });
await raw.connect();
await raw.subscribe({ topics: [events.rawTopic], fromBeginning: true });
const rawJoined = new Promise<void>((resolve) => raw.on(raw.events.GROUP_JOIN, () => resolve()));
await raw.run({
  eachMessage: ({ message }) => {
    const value = JSON.parse(message.value!.toString()) as { writtenAt: number };
    seen.raw.push(wallClockMs() - value.writtenAt);
    return Promise.resolve();
  },
});
await rawJoined;
process.stdout.write('ready\n');

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, which] = line.split(' ') as [string, keyof typeof seen];
  if (command === 'stats') {
    process.stdout.write(`${JSON.stringify(seen[which])}\n`);
    seen[which] = [];
  }
}
await raw.disconnect();
await app.close();
process.exit(0);
