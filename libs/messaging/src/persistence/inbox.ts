import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import mongoose, { type Connection } from 'mongoose';
import { Clock } from '@insyn/platform';

export type InboxOutcome = 'handled' | 'dead-lettered';

interface InboxDoc {
  _id: string;
  consumer: string;
  eventId: string;
  topic: string;
  outcome: InboxOutcome;
  at: Date;
}

/** MongoDB's duplicate key error: the outcome is already there. */
const DUPLICATE_KEY = 11_000;

/** What the inbox knows while one Kafka batch is handled (see `Inbox.batch`). */
interface BatchScope {
  /** The event ids the batch's messages name in their `insyn-event-id` header. */
  ids: Set<string>;
  /** Each consumer's outcomes for those ids, read once, at its first question. */
  read: Map<string, Promise<Map<string, InboxOutcome>>>;
  /** Outcomes recorded during the batch, by `_id`: they answer before what was read. */
  recorded: Map<string, InboxOutcome>;
  /** The `handled` outcomes not written yet, by `_id`. */
  unwritten: Map<string, InboxDoc>;
}

/**
 * One Kafka batch's dealings with the inbox: `run` each message's handling in it, and `flush` before
 * the offsets of the messages handled so far are committed.
 */
export interface InboxBatch {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** How many `handled` outcomes wait to be written. */
  readonly unwritten: number;
  /** Writes the waiting `handled` outcomes, in one statement. */
  flush(): Promise<void>;
}

/**
 * The events each consumer has finished with, by event id, in the service's own database: a
 * redelivered event is recognised and skipped. See ADR 0004 for what "handled once" means here.
 *
 * Within a Kafka batch (`batch`) it reads ahead and writes behind: one read answers, for each consumer,
 * every event of the batch, and the `handled` outcomes go in one write before the batch's offsets are
 * committed, instead of a read and a write per event.
 */
@Injectable()
export class Inbox {
  private readonly scope = new AsyncLocalStorage<BatchScope>();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly clock: Clock,
  ) {}

  private get collection() {
    return this.connection.collection<InboxDoc>('inbox');
  }

  /** What the consumer did with the event, if it has finished with it. */
  async outcome(consumer: string, eventId: string): Promise<InboxOutcome | undefined> {
    const _id = `${consumer}:${eventId}`;
    const scope = this.scope.getStore();
    const recorded = scope?.recorded.get(_id);
    if (recorded) return recorded;
    if (!scope?.ids.has(eventId)) {
      const doc = await this.collection.findOne({ _id }, { projection: { outcome: 1 } });
      return doc?.outcome;
    }
    let read = scope.read.get(consumer);
    if (!read) {
      read = this.outcomes(consumer, [...scope.ids]);
      scope.read.set(consumer, read);
      // Read again on the next question if this read fails (the caller sees the failure).
      read.catch(() => scope.read.delete(consumer));
    }
    return (await read).get(eventId);
  }

  private async outcomes(consumer: string, eventIds: string[]): Promise<Map<string, InboxOutcome>> {
    const docs = await this.collection
      .find({ _id: { $in: eventIds.map((id) => `${consumer}:${id}`) } }, { projection: { eventId: 1, outcome: 1 } })
      .toArray();
    return new Map(docs.map((d) => [d.eventId, d.outcome]));
  }

  /**
   * Records the outcome. `handled` is final and replaces a `dead-lettered` one (a replayed dead letter that
   * now succeeds, see `npm run dead-letters`); a `dead-lettered` outcome never replaces anything. Within a
   * batch, `handled` is written at the batch's `flush`; `dead-lettered` always at once.
   */
  async record(consumer: string, eventId: string, topic: string, outcome: InboxOutcome): Promise<void> {
    const _id = `${consumer}:${eventId}`;
    const doc: InboxDoc = { _id, consumer, eventId, topic, outcome, at: this.clock.now() };
    const scope = this.scope.getStore();
    if (scope && outcome === 'handled') {
      scope.unwritten.set(_id, doc);
      scope.recorded.set(_id, outcome);
      return;
    }
    const { _id: _, ...fields } = doc;
    await this.collection.updateOne({ _id }, outcome === 'handled' ? { $set: fields } : { $setOnInsert: doc }, { upsert: true });
    if (scope && !scope.recorded.has(_id)) scope.recorded.set(_id, outcome);
  }

  /**
   * A scope for handling one Kafka batch whose messages carry `eventIds`. A message without an id in
   * the list is looked up on its own, as outside a batch.
   */
  batch(eventIds: Iterable<string>): InboxBatch {
    const scope: BatchScope = { ids: new Set(eventIds), read: new Map(), recorded: new Map(), unwritten: new Map() };
    return {
      run: (work) => this.scope.run(scope, work),
      get unwritten() {
        return scope.unwritten.size;
      },
      flush: () => this.write(scope),
    };
  }

  /**
   * Writes a batch's `handled` outcomes: one insert of them all, and, for those already there (a
   * replayed dead letter now handled), an update each. Those that fail stay to be written again.
   */
  private async write(scope: BatchScope): Promise<void> {
    const docs = [...scope.unwritten.values()];
    if (docs.length === 0) return;
    let existing: InboxDoc[] = [];
    try {
      await this.collection.insertMany(docs, { ordered: false });
    } catch (err) {
      if (!(err instanceof mongoose.mongo.MongoBulkWriteError)) throw err;
      const failed = [err.writeErrors].flat();
      if (failed.some((e) => e.code !== DUPLICATE_KEY)) throw err;
      existing = failed.map((e) => docs[e.index]!);
    }
    for (const { _id, ...fields } of existing) await this.collection.updateOne({ _id }, { $set: fields });
    for (const doc of docs) scope.unwritten.delete(doc._id);
  }
}
