import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type OutboxEntry, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import { Clock, collectionOf } from '@insyn/platform';
import type { Collection, Model, mongo } from 'mongoose';
import { changedAtBefore, type Run, type RunStatus } from '../domain/run.js';
import { RUN_MODEL, type RunRecord } from './run.schema.js';

export interface RunFilter {
  ruleId?: string;
  status?: RunStatus;
  /** Runs started strictly before this instant (the next page of a newest-first list). */
  startedBefore?: Date;
  /** Runs changed strictly after this instant, oldest change first (`changedAt`, then id) instead of newest first. */
  since?: Date;
  /**
   * The next page: runs after this one in the list's order (newest first: started earlier, or at the same
   * instant with a smaller id; with `since`: changed later, or at the same instant with a greater id).
   */
  after?: { at: Date; runId: string };
  limit: number;
}

/** Runs stored before `changedAt` was kept get it at start-up, this many a write. */
const BACKFILL_BATCH = 500;

/** What a list shows: no exclusion lists (subject keys are pseudonymous personal data) and no outbox. */
const LIST_PROJECTION = { outbox: 0, 'exclusions.subjectKeys': 0, 'exclusions.itemIds': 0 };

/** What an update of a run may change: its id, revision and `changedAt` are the repository's. */
type RunChanges = Partial<Omit<Run, 'runId' | 'revision' | 'changedAt'>>;

/** A run as read back: every read leaves the outbox out (the relay's, not the run's). */
type StoredRun = Omit<RunRecord, 'outbox'> & Partial<Pick<RunRecord, 'outbox'>>;

/**
 * The runs collection. Every change is conditional on the run's revision (docs/style.md 12), and every
 * write of what a run shows moves its `changedAt` to the clock's now (what `GET /v1/runs?since=` selects on).
 *
 * Reads and writes go to the driver's collection (typed by the record, collectionOf): the schema declares
 * only the indexes, so mongoose would take `_id` for an ObjectId and cast the run ids, and a run is stored
 * exactly as given.
 */
@Injectable()
export class RunsRepository implements OnModuleInit {
  private readonly records: Collection<RunRecord>;

  constructor(
    @InjectModel(RUN_MODEL) private readonly model: Model<RunRecord>,
    private readonly clock: Clock,
  ) {
    this.records = collectionOf(model);
  }

  async onModuleInit(): Promise<void> {
    await this.model.init();
    await this.backfillChangedAt();
  }

  /**
   * Runs stored before `changedAt` was kept get it once: their finish, or else their start
   * (`changedAtBefore`), so `since` finds them and the changes order has a key for each. A stored value
   * is never overwritten (each write is conditional on its absence), so it is idempotent and safe while
   * another instance does the same or writes runs meanwhile. Backfilled rather than read around: a query
   * on `changedAt` alone can then use its index, with nothing to guess for a run that has none.
   */
  async backfillChangedAt(): Promise<number> {
    let done = 0;
    for (;;) {
      const missing = await this.records
        .find<Pick<RunRecord, '_id' | 'startedAt' | 'finishedAt'>>(
          { changedAt: { $exists: false } },
          { projection: { startedAt: 1, finishedAt: 1 } },
        )
        .limit(BACKFILL_BATCH)
        .toArray();
      if (!missing.length) return done;
      const result = await this.records.bulkWrite(
        missing.map((r) => ({
          updateOne: {
            filter: { _id: r._id, changedAt: { $exists: false } },
            update: { $set: { changedAt: changedAtBefore(r) } },
          },
        })),
        { ordered: false },
      );
      done += result.modifiedCount;
      if (missing.length < BACKFILL_BATCH) return done;
    }
  }

  /**
   * Stores a new run with the purge requests to relay, in one write; its `changedAt` is its start (planRun).
   * Returns the run's outbox as inserted (for `OutboxRelay.enqueued`).
   */
  async insert(run: Run, outbox: OutboxEntry[]): Promise<WrittenOutbox> {
    await this.records.insertOne(toRecord(run, outbox));
    return outbox;
  }

  async find(runId: string): Promise<Run | null> {
    const doc = await this.records.findOne<StoredRun>({ _id: runId }, { projection: { outbox: 0 } });
    return doc ? fromRecord(doc) : null;
  }

  /**
   * Applies `changes` if the run is still at `run.revision`. Returns the run as written, or null when
   * someone else changed the run first: read it again and decide again.
   */
  async update(run: Run, changes: RunChanges): Promise<Run | null> {
    const changedAt = this.clock.now();
    const result = await this.records.updateOne(
      { _id: run.runId, revision: run.revision },
      { $set: { ...changes, changedAt, revision: run.revision + 1 } },
    );
    return result.modifiedCount === 1 ? { ...run, ...changes, changedAt, revision: run.revision + 1 } : null;
  }

  /**
   * Applies `changes` if the run is still at `run.revision`, pushing `outbox` in the same write. Returns the
   * run's whole outbox as the write left it (for `OutboxRelay.enqueued`), or null when someone else changed
   * the run first: read it again and decide again. (A run the filter matches is always modified, since its
   * revision moves, so null is exactly what `modifiedCount === 0` was.)
   */
  async updateWithOutbox(run: Run, changes: RunChanges, outbox: OutboxEntry[]): Promise<WrittenOutbox | null> {
    const written = await this.records.findOneAndUpdate(
      { _id: run.runId, revision: run.revision },
      { $set: { ...changes, changedAt: this.clock.now(), revision: run.revision + 1 }, $push: { outbox: { $each: outbox } } },
      RETURN_OUTBOX,
    );
    return writtenOutbox(written);
  }

  /** Finished runs started at or after `since`, oldest first (the post-restore re-application). */
  async finishedRunIdsSince(since: Date): Promise<string[]> {
    const docs = await this.records
      .find({ status: 'finished', startedAt: { $gte: since } }, { projection: { _id: 1 } })
      .sort({ startedAt: 1, _id: 1 })
      .toArray();
    return docs.map((d) => d._id);
  }

  /**
   * Events about a run that change nothing of it (purge requests asked again after a restore); `changedAt`
   * stays. Returns the run's whole outbox as the write left it (for `OutboxRelay.enqueued`), or null when
   * there is no such run.
   */
  async pushOutbox(runId: string, outbox: OutboxEntry[]): Promise<WrittenOutbox | null> {
    const written = await this.records.findOneAndUpdate({ _id: runId }, { $push: { outbox: { $each: outbox } } }, RETURN_OUTBOX);
    return writtenOutbox(written);
  }

  /** Progress only: not a decision, so not conditional on the revision (and it moves no revision); the view shows it, so it moves `changedAt`. */
  async setExpected(runId: string, expected: number): Promise<void> {
    await this.records.updateOne({ _id: runId }, { $set: { expected, changedAt: this.clock.now() } });
  }

  async countOpen(): Promise<number> {
    return this.records.countDocuments({ status: 'running' });
  }

  /** When the longest-running open run started (a run that never finishes is stuck). */
  async oldestOpenStartedAt(): Promise<Date | undefined> {
    const doc = await this.records.findOne<Pick<RunRecord, 'startedAt'>>(
      { status: 'running' },
      { sort: { startedAt: 1 }, projection: { startedAt: 1 } },
    );
    return doc?.startedAt;
  }

  /**
   * Newest first (`startedAt`, then id, descending), or with `since` oldest change first (`changedAt`, then
   * id, ascending): both total orders. Without the exclusion lists.
   */
  async list(filter: RunFilter): Promise<Run[]> {
    const { after, since } = filter;
    const field = since ? 'changedAt' : 'startedAt';
    const [beyond, bound] = since ? (['$gt', '$gte'] as const) : (['$lt', '$lte'] as const);
    // The key's own bound narrows the scan before the `$or` that breaks ties, which FerretDB evaluates by scanning.
    const key: Record<string, Date> = {
      ...(since ? { $gt: since } : {}),
      ...(after ? { [bound]: after.at } : {}),
    };
    const startedAt: Record<string, Date> = {
      ...(filter.startedBefore ? { $lt: filter.startedBefore } : {}),
      ...(field === 'startedAt' ? key : {}),
    };
    const query: mongo.Filter<RunRecord> = {
      ...(filter.ruleId ? { 'rule.id': filter.ruleId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(Object.keys(startedAt).length ? { startedAt } : {}),
      ...(field === 'changedAt' ? { changedAt: key } : {}),
      ...(after ? { $or: [{ [field]: { [beyond]: after.at } }, { [field]: after.at, _id: { [beyond]: after.runId } }] } : {}),
    };
    const direction = since ? 1 : -1;
    const docs = await this.records
      .find<StoredRun>(query, { projection: LIST_PROJECTION })
      .sort({ [field]: direction, _id: direction })
      .limit(filter.limit)
      .toArray();
    return docs.map(fromRecord);
  }
}

function toRecord(run: Run, outbox: OutboxEntry[]): RunRecord {
  const { runId, ...rest } = run;
  return { _id: runId, ...rest, outbox };
}

function fromRecord(record: StoredRun): Run {
  const { _id, outbox: _outbox, ...rest } = record;
  return {
    ...rest,
    runId: _id,
    changedAt: rest.changedAt ?? changedAtBefore(rest),
    exclusions: { subjectKeys: rest.exclusions?.subjectKeys ?? [], itemIds: rest.exclusions?.itemIds ?? [] },
  };
}
