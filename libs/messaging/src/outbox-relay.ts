import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Clock } from '@insyn/platform';
import type { Connection } from 'mongoose';
import { Counter } from 'prom-client';
import { KafkaClient } from './kafka-client.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { metric } from './metrics.js';
import type { OutboxEntry } from './outbox.js';

const BATCH = 200;
export const PENDING_COLLECTION = 'outbox_pending';

/** "This aggregate has events waiting": a small index over the outboxes, so the relay never scans. */
interface PendingMarker {
  _id: string;
  collection: string;
  aggregateId: unknown;
  /** Bumped by every producer write; the relay removes the marker only if nobody bumped it meanwhile. */
  seq: number;
  since: Date;
}

const published = metric(
  'insyn_outbox_published_total',
  () => new Counter({ name: 'insyn_outbox_published_total', help: 'Events published to Kafka by the outbox relay', labelNames: ['topic'] }),
);
const relayErrors = metric(
  'insyn_outbox_relay_errors_total',
  () => new Counter({ name: 'insyn_outbox_relay_errors_total', help: 'Failed outbox relay rounds (retried)' }),
);
const recovered = metric(
  'insyn_outbox_recovered_total',
  () =>
    new Counter({
      name: 'insyn_outbox_recovered_total',
      help: 'Aggregates with waiting events found by the recovery scan (a producer died before marking them)',
    }),
);

/**
 * Publishes the events waiting in the embedded outboxes of this service's documents, in order, keyed by
 * aggregate id, then removes exactly the published entries (ADR 0004).
 *
 * Producers call `enqueued(collection, id)` after their write: it marks the aggregate pending and wakes
 * the relay, which then reads only marked aggregates. A producer that dies between its write and the
 * mark loses nothing: at start and every `outboxScanIntervalMs` the relay scans its collections for
 * non-empty outboxes and marks what it finds. If the process dies after a send and before the removal,
 * the events go out again: delivery is at-least-once, and consumers deduplicate by event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = false;
  private lastScan = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectConnection() private readonly connection: Connection,
    private readonly kafka: KafkaClient,
    private readonly clock: Clock,
  ) {}

  private get markers() {
    return this.connection.collection<PendingMarker>(PENDING_COLLECTION);
  }

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

  /** After a write that pushed outbox entries onto `aggregateId` in `collection`. */
  async enqueued(collection: string, aggregateId: string): Promise<void> {
    // The caller's change is already stored with its events: a failed mark must not turn it into an
    // error for the caller. The recovery scan finds the unmarked outbox within outboxScanIntervalMs.
    try {
      await this.markers.updateOne(
        { _id: `${collection}/${aggregateId}` },
        { $inc: { seq: 1 }, $setOnInsert: { collection, aggregateId, since: this.clock.now() } },
        { upsert: true },
      );
    } catch (err) {
      relayErrors().inc();
      this.logger.warn(`could not mark ${collection}/${aggregateId} as pending (the recovery scan will): ${(err as Error).message}`);
    }
    this.kick();
  }

  /** Wakes the relay now rather than at its next poll. */
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
        if (Date.now() - this.lastScan >= (this.options.outboxScanIntervalMs ?? 60_000)) {
          await this.recover();
          this.lastScan = Date.now();
        }
        sent = await this.drainOnce();
        failures = 0;
      } catch (err) {
        failures++;
        relayErrors().inc();
        this.logger.warn(`outbox relay round failed (attempt ${failures}), will retry: ${(err as Error).message}`);
      }
      if (sent === 0 && !this.pending && this.running) {
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

  /** Marks every aggregate that has waiting events; the only query that reads whole collections. */
  async recover(): Promise<number> {
    let found = 0;
    for (const name of this.options.outboxCollections) {
      const ids = await this.connection
        .collection(name)
        .find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1 } })
        .toArray();
      for (const { _id } of ids) await this.enqueued(name, String(_id));
      found += ids.length;
    }
    if (found > 0) {
      recovered().inc(found);
      this.logger.log(`recovered ${found} aggregate(s) with unpublished events`);
    }
    return found;
  }

  /** One round over the marked aggregates; returns how many events were published. */
  async drainOnce(): Promise<number> {
    const markers = await this.markers.find({}).limit(BATCH).toArray();
    if (markers.length === 0) return 0;
    let total = 0;
    for (const name of new Set(markers.map((m) => m.collection))) {
      const mine = markers.filter((m) => m.collection === name);
      const collection = this.connection.collection<{ outbox?: OutboxEntry[] }>(name);
      const docs = (
        await collection.find({ _id: { $in: mine.map((m) => m.aggregateId) } } as never, { projection: { outbox: 1 } }).toArray()
      ).filter((d) => (d.outbox?.length ?? 0) > 0);
      const failed = new Set<string>();
      if (docs.length > 0) {
        const sent = await this.publish(name, docs);
        // Remove exactly the entries read (whole-element match), never one pushed since; $pullAll is
        // also what every MongoDB-protocol server we test on supports (ADR 0004). One update per
        // document: FerretDB stalls on large multi-statement bulk updates.
        for (const doc of docs) {
          if (!sent.has(doc)) {
            failed.add(String(doc._id));
            continue;
          }
          await collection.updateOne({ _id: doc._id }, { $pullAll: { outbox: doc.outbox! } });
          for (const e of doc.outbox!) published().inc({ topic: e.topic });
          total += doc.outbox!.length;
        }
      }
      // A marker bumped by a producer since we read it stays, and its new events go out next round; so
      // does the marker of a document whose events the broker refused, to be tried again.
      const done = mine.filter((m) => !failed.has(String(m.aggregateId)));
      if (done.length > 0) await this.markers.deleteMany({ $or: done.map((m) => ({ _id: m._id, seq: m.seq })) });
      if (failed.size === docs.length && docs.length > 0) throw new Error(`the broker refused every waiting event of ${name}`);
    }
    return total;
  }

  /**
   * Publishes the documents' events in one batch. If the broker refuses the batch, each document is
   * sent on its own, so that one it will never take (an event over its size limit, say) holds up only
   * itself: its events stay in its outbox, logged and counted, and the others go out. Returns the
   * documents whose events were published; a document's events always go together and in order.
   */
  private async publish<T extends { _id: unknown; outbox?: OutboxEntry[] }>(name: string, docs: T[]): Promise<Set<T>> {
    const producer = await this.kafka.producer();
    const send = (batch: T[]) => {
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const doc of batch) {
        for (const entry of doc.outbox!) {
          const list = byTopic.get(entry.topic) ?? [];
          list.push({ key: entry.key, value: entry.value, headers: { 'insyn-event-id': entry.id, 'insyn-event-type': entry.topic } });
          byTopic.set(entry.topic, list);
        }
      }
      return producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    };
    try {
      await send(docs);
      return new Set(docs);
    } catch (err) {
      if (docs.length === 1) {
        this.refused(name, docs[0]!, err);
        return new Set();
      }
    }
    const sent = new Set<T>();
    for (const doc of docs) {
      try {
        await send([doc]);
        sent.add(doc);
      } catch (err) {
        this.refused(name, doc, err);
      }
    }
    return sent;
  }

  private refused(name: string, doc: { _id: unknown; outbox?: OutboxEntry[] }, err: unknown): void {
    relayErrors().inc();
    const sizes = doc.outbox!.map((e) => `${e.topic} (${e.value.length} bytes)`).join(', ');
    this.logger.error(
      `the broker refused the events of ${name}/${String(doc._id)}: ${sizes}; kept in its outbox: ${(err as Error).message}`,
    );
  }
}
