import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Counter } from 'prom-client';
import { KafkaClient } from './kafka-client.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import type { OutboxEntry } from './outbox.js';
import { metric } from './metrics.js';

const BATCH = 200;

const published = metric(
  'insyn_outbox_published_total',
  () => new Counter({ name: 'insyn_outbox_published_total', help: 'Events published to Kafka by the outbox relay', labelNames: ['topic'] }),
);
const relayErrors = metric(
  'insyn_outbox_relay_errors_total',
  () => new Counter({ name: 'insyn_outbox_relay_errors_total', help: 'Failed outbox relay rounds (retried)' }),
);

/**
 * Publishes the events waiting in the embedded outboxes of this service's documents, in order, keyed
 * by aggregate id, then removes exactly the published entries. If the process dies after the send and
 * before the removal, the events go out again on restart: delivery is at-least-once, and consumers
 * deduplicate by event id (ADR 0004). Several replicas may relay at once with the same outcome.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectConnection() private readonly connection: Connection,
    private readonly kafka: KafkaClient,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.outboxCollections.length === 0) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Call after writing an outbox entry, so it goes out now rather than at the next poll. */
  kick(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let sent = 0;
      this.pending = false;
      try {
        sent = await this.drainOnce();
        failures = 0;
      } catch (err) {
        failures++;
        relayErrors().inc();
        this.logger.warn(`outbox relay round failed (attempt ${failures}), will retry: ${(err as Error).message}`);
      }
      if (sent === 0 && !this.pending) {
        const wait = failures > 0 ? Math.min(30_000, 250 * 2 ** failures) : (this.options.relayIntervalMs ?? 500);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** One round over every outbox collection; returns how many events were published. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (const name of this.options.outboxCollections) {
      const collection = this.connection.collection<{ outbox: OutboxEntry[] }>(name);
      const docs = await collection
        .find({ 'outbox.0': { $exists: true } }, { projection: { outbox: 1 } })
        .limit(BATCH)
        .toArray();
      if (docs.length === 0) continue;
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const doc of docs) {
        for (const entry of doc.outbox) {
          const list = byTopic.get(entry.topic) ?? [];
          list.push({ key: entry.key, value: entry.value, headers: { 'insyn-event-id': entry.id, 'insyn-event-type': entry.topic } });
          byTopic.set(entry.topic, list);
        }
      }
      const producer = await this.kafka.producer();
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      for (const doc of docs) {
        // Remove exactly the entries read (whole-element match), never one pushed since: $pullAll
        // is also what every MongoDB-protocol server we test on supports (ADR 0004).
        await collection.updateOne({ _id: doc._id }, { $pullAll: { outbox: doc.outbox } });
        for (const e of doc.outbox) published().inc({ topic: e.topic });
        total += doc.outbox.length;
      }
    }
    return total;
  }
}
