import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { Counter } from 'prom-client';
import { KafkaClient } from './kafka-client.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { metric } from '@insyn/observability';
import { type OutboxDocument, OutboxDocuments } from './persistence/outbox-documents.js';
import { eventHeaders, type OutboxEntry, type WrittenOutbox } from './outbox.js';
import { inSendSpan } from './trace-context.js';

/** Aggregates read per round. */
const BATCH = 1_000;
/**
 * The most bytes (keys and values) one send carries: a round's events go in sends of at most this size,
 * under the broker's default limit for one partition's batch (`message.max.bytes`, 1 MiB). Each send's
 * entries are removed while the next send goes out, so a round of 1 000 small events goes in two or
 * three sends rather than one: with 512 KiB, the removal started only after the whole round was sent
 * (ADR 0028).
 */
const SEND_BYTES = 128 * 1024;
/** How long shutdown may spend sending what is marked. */
const SHUTDOWN_DRAIN_MS = 5_000;

/**
 * `docs` in order, in runs whose events' keys and values add up to at most `limit` bytes (UTF-16 length,
 * near enough for JSON); a document larger on its own is a run of its own, since its events go together.
 */
export function bySize<T extends OutboxDocument>(docs: T[], limit: number): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = doc.outbox!.reduce((sum, e) => sum + e.key.length + e.value.length, 0);
    if (run.length > 0 && bytes + size > limit) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(doc);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** An aggregate with events waiting, as the relay remembers it between a producer's write and the send. */
interface Pending {
  collection: string;
  aggregateId: string;
  /** `collection/aggregateId`: the aggregate's key in the relay's maps, built once. */
  key: string;
  /** When it was first marked (ms since the epoch, from the clock): the backlog's age. */
  since: number;
  /**
   * The aggregate's whole outbox as the producer's write left it, when the producer had it (see
   * `enqueued`): the round sends it without reading the document. Only while exactly one write marked the
   * aggregate: a second mark before the round drops it, and the round reads the document.
   */
  outbox?: OutboxEntry[];
}

/** One collection's share of the relay's backlog. */
export interface Backlog {
  waiting: number;
  /** The oldest waiting aggregate's mark time (ms since the epoch); none when nothing waits. */
  oldestSince?: number;
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
 * aggregate id, then removes exactly the published entries (ADR 0004, ADR 0028).
 *
 * Producers call `enqueued(collection, id, outbox)` after their write: it marks the aggregate pending, in
 * this process's memory, and wakes the relay, which then sends the outbox the write left (or, without one,
 * reads the marked aggregate's document; ADR 0028). The events themselves
 * are durable in the document, so a mark is only a hint: a process that dies with marks in memory loses
 * nothing, because at start and every `outboxScanIntervalMs` every relay scans its collections for
 * non-empty outboxes and marks what it finds. If the process dies after a send and before the removal,
 * the events go out again: delivery is at-least-once, and consumers deduplicate by event id. At shutdown
 * the relay sends what is marked before it stops (a command-line run's events leave with it).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = false;
  private lastScan = 0;
  /** Marked aggregates by `collection/id`, oldest first (a Map keeps insertion order). */
  private readonly marks = new Map<string, Pending>();
  /** The marks the current round took, until it has sent their events. */
  private inRound: Pending[] = [];
  /**
   * Events sent whose removal from their outbox has not been confirmed yet, by event id: a round that
   * reads them again (they are at the front of their outbox) leaves them out instead of sending them again.
   */
  private readonly sentUnremoved = new Set<string>();
  /** Sent entries waiting for the removal worker, by collection. */
  private readonly toRemove = new Map<string, { docs: OutboxDocument[]; pending: Pending[] }>();
  /** The aggregates whose sent entries wait for removal, with how many removals of each are queued. */
  private readonly removing = new Map<string, { pending: Pending; queued: number }>();
  /** The removal worker while it runs. */
  private removal?: Promise<void>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly documents: OutboxDocuments,
    private readonly kafka: KafkaClient,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.outboxCollections.length === 0) return;
    this.running = true;
    this.loop = this.run();
  }

  // Before shutdown, not at it: the Kafka producer and the database connection close in the shutdown
  // hooks, which Nest runs side by side, and the last rounds need both.
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    // What was marked goes out before the process does, in a few rounds at most: a command-line run's
    // events leave with it instead of waiting for a service's recovery scan. What is left (the broker
    // down, say) stays in its documents for the next scan.
    const until = Date.now() + SHUTDOWN_DRAIN_MS;
    try {
      while (this.marks.size > 0 && Date.now() < until && (await this.drainOnce()) > 0);
      while (this.removal) await this.removal;
    } catch (err) {
      this.logger.warn(`outbox relay: events left for the recovery scan at shutdown: ${(err as Error).message}`);
    }
  }

  /**
   * After a write that pushed outbox entries onto `aggregateId` in `collection`. `outbox`, when the
   * producer has it, is the document's whole outbox as that write left it (an insert's own entries, or
   * what an update returned with `RETURN_OUTBOX`): the relay then sends it as it is, without
   * reading the document again. It must be the whole outbox, in order, not only this write's entries:
   * entries of earlier writes that are still there go out first.
   */
  enqueued(collection: string, aggregateId: string, outbox?: WrittenOutbox): Promise<void> {
    const pending: Pending = { collection, aggregateId, key: `${collection}/${aggregateId}`, since: this.clock.now().getTime() };
    if (outbox) pending.outbox = [...outbox];
    this.mark(pending);
    this.kick();
    return Promise.resolve();
  }

  /**
   * Marks an aggregate, keeping the first mark's time while it waits. A second mark of an aggregate that
   * waits drops the first one's outbox: two writes' outboxes may reach the relay in another order than
   * the database applied the writes, so the round reads the document instead.
   */
  private mark(pending: Pending): void {
    const waiting = this.marks.get(pending.key);
    if (!waiting) this.marks.set(pending.key, pending);
    else delete waiting.outbox;
  }

  /** Marks again an aggregate whose round or removal failed: the next round reads its document. */
  private markAgain({ outbox: _, ...pending }: Pending): void {
    this.mark(pending);
  }

  /**
   * The aggregates of each collection marked or being sent (an aggregate counts until its events are out
   * and removed) and the oldest one's mark time (ms), for the backlog gauges.
   */
  backlog(): Map<string, Backlog> {
    const out = new Map<string, Backlog>(this.options.outboxCollections.map((c) => [c, { waiting: 0 }]));
    const all = new Map([
      ...[...this.removing].map(([key, r]) => [key, r.pending] as const),
      ...this.inRound.map((p) => [p.key, p] as const),
      ...this.marks,
    ]);
    for (const p of all.values()) {
      const entry = out.get(p.collection) ?? { waiting: 0 };
      entry.waiting++;
      entry.oldestSince = Math.min(entry.oldestSince ?? p.since, p.since);
      out.set(p.collection, entry);
    }
    return out;
  }

  /** Whether every marked event has gone to the broker: nothing is marked or being sent (their removal may still run). */
  isSent(): boolean {
    return this.marks.size === 0 && this.inRound.length === 0;
  }

  /** Whether nothing is marked, being sent or waiting for removal (cheap, unlike backlog()). */
  isIdle(): boolean {
    return this.isSent() && this.removing.size === 0;
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
      const ids = await this.documents.idsWithEvents(name);
      const since = this.clock.now().getTime();
      for (const aggregateId of ids) this.mark({ collection: name, aggregateId, key: `${name}/${aggregateId}`, since });
      found += ids.length;
    }
    if (found > 0) {
      recovered().inc(found);
      this.logger.log(`recovered ${found} aggregate(s) with unpublished events`);
    }
    return found;
  }

  /**
   * One round over the marked aggregates; returns how many events were published. The entries of each
   * send go to the removal worker as soon as the broker has them, and it removes them while the round's
   * next sends and the next rounds go out (FerretDB serialises writes, not reads): the sends that finish
   * while one removal runs are removed together, in one statement.
   */
  async drainOnce(): Promise<number> {
    if (this.marks.size === 0) return 0;
    // The round takes its marks; a producer that writes meanwhile marks its aggregate again, so the
    // next round reads what this one's read missed.
    const taken: Pending[] = [];
    for (const [key, pending] of this.marks) {
      if (taken.length === BATCH) break;
      taken.push(pending);
      this.marks.delete(key);
    }
    this.inRound = taken;
    let total = 0;
    let done = 0;
    try {
      for (const name of new Set(taken.map((m) => m.collection))) {
        const mine = taken.filter((m) => m.collection === name);
        // Entries already sent and not yet removed are at the front of their outbox: left out, what is
        // sent is the rest, in order, so each entry first goes out after every entry before it.
        const known = mine.filter((m) => m.outbox).map((m): OutboxDocument => ({ _id: m.aggregateId, outbox: m.outbox }));
        const unknown = mine.filter((m) => !m.outbox).map((m) => m.aggregateId);
        const docs = [...known, ...(unknown.length > 0 ? await this.documents.waiting(name, unknown) : [])]
          .map((d) => this.unsent(d))
          .filter((d) => d.outbox.length > 0);
        // Each send's documents go to the removal worker as soon as the broker has them: the removal of
        // one send runs while the next one goes out.
        const marks = new Map(mine.map((m) => [m.aggregateId, m]));
        const sent = await this.publish(name, docs, (batch) => {
          const byTopic = new Map<string, number>();
          for (const doc of batch) {
            for (const e of doc.outbox) {
              byTopic.set(e.topic, (byTopic.get(e.topic) ?? 0) + 1);
              this.sentUnremoved.add(e.id);
            }
            total += doc.outbox.length;
          }
          // One increment per topic and send, not per event: a labelled increment looks its label set up.
          for (const [topic, count] of byTopic) published().inc({ topic }, count);
          this.queueRemoval(
            name,
            batch,
            batch.flatMap((d) => marks.get(d._id) ?? []),
          );
        });
        // A document whose events the broker refused stays marked, to be tried again next round.
        const refused = new Set(docs.filter((d) => !sent.has(d)).map((d) => d._id));
        for (const m of mine) if (refused.has(m.aggregateId)) this.markAgain(m);
        done += mine.length;
        if (refused.size === docs.length && docs.length > 0) throw new Error(`the broker refused every waiting event of ${name}`);
      }
    } catch (err) {
      // Marked again, so the next round tries them (a document already cleared is read as empty there).
      for (const m of taken.slice(done)) this.markAgain(m);
      throw err;
    } finally {
      this.inRound = [];
    }
    return total;
  }

  /**
   * The document with only its entries not yet sent: those sent and not yet removed are left out (its
   * outbox is filtered only when it holds one of them).
   */
  private unsent(doc: OutboxDocument): OutboxDocument & { outbox: OutboxEntry[] } {
    const outbox = doc.outbox ?? [];
    if (this.sentUnremoved.size === 0 || !outbox.some((e) => this.sentUnremoved.has(e.id))) return { _id: doc._id, outbox };
    return { _id: doc._id, outbox: outbox.filter((e) => !this.sentUnremoved.has(e.id)) };
  }

  /** Hands sent entries to the removal worker, starting it if it is idle. */
  private queueRemoval(collection: string, docs: OutboxDocument[], pending: Pending[]): void {
    if (docs.length === 0) return;
    const queued = this.toRemove.get(collection) ?? { docs: [], pending: [] };
    queued.docs.push(...docs);
    queued.pending.push(...pending);
    this.toRemove.set(collection, queued);
    for (const p of pending) {
      const r = this.removing.get(p.key);
      if (r) r.queued++;
      else this.removing.set(p.key, { pending: p, queued: 1 });
    }
    this.startRemoval();
  }

  private startRemoval(): void {
    this.removal ??= this.removeQueued().finally(() => {
      this.removal = undefined;
      // Queued after the worker's last look and before it stopped.
      if (this.toRemove.size > 0) this.startRemoval();
    });
  }

  /**
   * The removal worker: removes everything queued, one statement per collection, until nothing is. A
   * failed removal marks its aggregates again and forgets that their entries were sent: the next round
   * sends them again (at-least-once) and they are removed then. Never rejects.
   */
  private async removeQueued(): Promise<void> {
    while (this.toRemove.size > 0) {
      const batch = [...this.toRemove];
      this.toRemove.clear();
      for (const [collection, { docs, pending }] of batch) {
        try {
          await this.documents.removePublished(collection, docs);
        } catch (err) {
          relayErrors().inc();
          this.logger.warn(`could not remove published events from ${collection}, sending them again: ${(err as Error).message}`);
          for (const m of pending) this.markAgain(m);
          this.kick();
        } finally {
          for (const d of docs) for (const e of d.outbox!) this.sentUnremoved.delete(e.id);
          for (const p of pending) {
            const r = this.removing.get(p.key);
            if (r && --r.queued === 0) this.removing.delete(p.key);
          }
        }
      }
    }
  }

  /**
   * Publishes the documents' events in batches of at most SEND_BYTES, one after another. If the broker
   * refuses a batch, each of its documents is sent on its own, so that one it will never take (an event
   * over its size limit, say) holds up only itself: its events stay in its outbox, logged and counted,
   * and the others go out. Returns the documents whose events were published, and hands each batch of
   * them to `onSent` as soon as the broker has it; a document's events always go together and in order.
   */
  private async publish<T extends OutboxDocument>(name: string, docs: T[], onSent: (docs: T[]) => void): Promise<Set<T>> {
    const sent = new Set<T>();
    if (docs.length === 0) return sent;
    const producer = await this.kafka.producer();
    const send = (batch: T[]) => {
      // By Insyn topic; the broker's names once per topic, not once per event.
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      const entries = batch.flatMap((doc) => doc.outbox!);
      for (const entry of entries) {
        let list = byTopic.get(entry.topic);
        if (!list) byTopic.set(entry.topic, (list = []));
        list.push({ key: entry.key, value: entry.value, headers: eventHeaders(entry) });
      }
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic: this.kafka.topics.onBroker(topic), messages }));
      // The span names topics as every trace and metric does: by their Insyn names (ADR 0026).
      return inSendSpan([...byTopic.keys()], entries, () => producer.sendBatch({ acks: -1, topicMessages }));
    };
    /** Sends `batch`; whether the broker took it (a refusal is logged and counted when it is one document). */
    const tried = async (batch: T[]): Promise<boolean> => {
      try {
        await send(batch);
      } catch (err) {
        if (batch.length === 1) this.refused(name, batch[0]!, err);
        return false;
      }
      for (const doc of batch) sent.add(doc);
      onSent(batch);
      return true;
    };
    for (const chunk of bySize(docs, SEND_BYTES)) {
      if (!(await tried(chunk)) && chunk.length > 1) for (const doc of chunk) await tried([doc]);
    }
    return sent;
  }

  private refused(name: string, doc: OutboxDocument, err: unknown): void {
    relayErrors().inc();
    const sizes = doc.outbox!.map((e) => `${e.topic} (${e.value.length} bytes)`).join(', ');
    this.logger.error(
      `the broker refused the events of ${name}/${String(doc._id)}: ${sizes}; kept in its outbox: ${(err as Error).message}`,
    );
  }
}
