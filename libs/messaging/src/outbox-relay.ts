import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Clock } from '@insyn/platform';
import type { Collection, Connection } from 'mongoose';
import { Counter } from 'prom-client';
import { KafkaClient } from './kafka-client.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { metric } from '@insyn/observability';
import type { OutboxEntry } from './outbox.js';
import { inSendSpan, traceHeaders } from './trace-context.js';

const BATCH = 500;
export const PENDING_COLLECTION = 'outbox_pending';

/** "This aggregate has events waiting": a small index over the outboxes, so the relay never scans. */
interface PendingMarker {
  _id: string;
  collection: string;
  aggregateId: unknown;
  /** Bumped by every producer write (a write since the relay read it shows there). */
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

/** An aggregate document as the relay reads it: its id and its waiting events. */
export interface OutboxDocument {
  _id: unknown;
  outbox?: OutboxEntry[];
}

/**
 * Removes exactly the published entries, never one pushed since, in one statement per position rather
 * than one per document: producers append, so the entries read are at the front of each outbox, and
 * step i pops the first entry of each document whose first entry is still the i-th one read (event ids
 * are unique, so one `$in` over every document's i-th id matches each document's own). A document
 * another replica's relay already cleared does not match, so nothing unpublished is removed. (FerretDB
 * v1 has no `$pull` with conditions, and `$pullAll` of whole entries compares every entry with every
 * listed one.) Exported for its test.
 */
export async function removePublished(collection: Collection<OutboxDocument>, docs: OutboxDocument[]): Promise<void> {
  const longest = Math.max(0, ...docs.map((d) => d.outbox!.length));
  for (let i = 0; i < longest; i++) {
    const step = docs.filter((d) => d.outbox!.length > i);
    await collection.updateMany(
      { _id: { $in: step.map((d) => d._id) }, 'outbox.0.id': { $in: step.map((d) => d.outbox![i]!.id) } } as never,
      { $pop: { outbox: -1 } },
    );
  }
}

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
      const collection = this.connection.collection<OutboxDocument>(name);
      const docs = (
        await collection.find({ _id: { $in: mine.map((m) => m.aggregateId) } } as never, { projection: { outbox: 1 } }).toArray()
      ).filter((d) => (d.outbox?.length ?? 0) > 0);
      const sent = docs.length > 0 ? await this.publish(name, docs) : new Set<(typeof docs)[number]>();
      await removePublished(collection, [...sent]);
      for (const doc of sent) {
        for (const e of doc.outbox!) published().inc({ topic: e.topic });
        total += doc.outbox!.length;
      }
      // The marker of a document whose events the broker refused stays, to be tried again next round.
      const refused = new Set(docs.filter((d) => !sent.has(d)).map((d) => String(d._id)));
      await this.unmark(
        collection,
        mine.filter((m) => !refused.has(String(m.aggregateId))),
      );
      if (refused.size === docs.length && docs.length > 0) throw new Error(`the broker refused every waiting event of ${name}`);
    }
    return total;
  }

  /**
   * Deletes the markers of aggregates whose events went out, then marks again any of them whose outbox is
   * not empty: a producer that pushed after the read and bumped its marker before the delete would
   * otherwise wait for the recovery scan. Its write came before its mark, and the mark before the delete,
   * so the read after the delete sees its entries. (One delete by `_id`: a per-marker `seq` condition
   * needs an `$or`, which FerretDB v1 evaluates by scanning.)
   */
  private async unmark(collection: Collection<OutboxDocument>, done: PendingMarker[]): Promise<void> {
    if (done.length === 0) return;
    await this.markers.deleteMany({ _id: { $in: done.map((m) => m._id) } });
    const waiting = await collection
      .find({ _id: { $in: done.map((m) => m.aggregateId) }, 'outbox.0': { $exists: true } } as never, { projection: { _id: 1 } })
      .toArray();
    for (const { _id } of waiting) await this.enqueued(collection.collectionName, String(_id));
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
      const entries = batch.flatMap((doc) => doc.outbox!);
      for (const entry of entries) {
        const topic = this.kafka.topics.onBroker(entry.topic);
        const list = byTopic.get(topic) ?? [];
        list.push({
          key: entry.key,
          value: entry.value,
          headers: { 'insyn-event-id': entry.id, 'insyn-event-type': entry.topic, ...traceHeaders(entry) },
        });
        byTopic.set(topic, list);
      }
      // The span names topics as every trace and metric does: by their Insyn names (ADR 0026).
      return inSendSpan([...new Set(entries.map((e) => e.topic))], entries, () =>
        producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
      );
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
