import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import type { Model } from 'mongoose';
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

/**
 * The runs collection. Every change is conditional on the run's revision (docs/style.md 12), and every
 * write of what a run shows moves its `changedAt` to the clock's now (what `GET /v1/runs?since=` selects on).
 */
@Injectable()
export class RunsRepository implements OnModuleInit {
  constructor(
    @InjectModel(RUN_MODEL) private readonly model: Model<RunRecord>,
    private readonly clock: Clock,
  ) {}

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
      const missing = (await this.model.collection
        .find({ changedAt: { $exists: false } }, { projection: { startedAt: 1, finishedAt: 1 } })
        .limit(BACKFILL_BATCH)
        .toArray()) as unknown as Pick<RunRecord, '_id' | 'startedAt' | 'finishedAt'>[];
      if (!missing.length) return done;
      const result = await this.model.collection.bulkWrite(
        missing.map((r) => ({
          updateOne: {
            filter: { _id: r._id, changedAt: { $exists: false } } as never,
            update: { $set: { changedAt: changedAtBefore(r) } },
          },
        })),
        { ordered: false },
      );
      done += result.modifiedCount;
      if (missing.length < BACKFILL_BATCH) return done;
    }
  }

  /** Stores a new run with the purge requests to relay, in one write; its `changedAt` is its start (planRun). */
  async insert(run: Run, outbox: OutboxEntry[]): Promise<void> {
    await this.model.collection.insertOne(toRecord(run, outbox) as never);
  }

  async find(runId: string): Promise<Run | null> {
    const doc = await this.model.collection.findOne({ _id: runId } as never, { projection: { outbox: 0 } });
    return doc ? fromRecord(doc as unknown as RunRecord) : null;
  }

  /**
   * Applies `changes` if the run is still at `run.revision`, pushing `outbox` in the same write. False
   * when someone else changed the run first: read it again and decide again.
   */
  async update(run: Run, changes: Partial<Omit<Run, 'runId' | 'revision' | 'changedAt'>>, outbox: OutboxEntry[] = []): Promise<Run | null> {
    const changedAt = this.clock.now();
    const result = await this.model.collection.updateOne(
      { _id: run.runId, revision: run.revision } as never,
      {
        $set: { ...changes, changedAt, revision: run.revision + 1 },
        ...(outbox.length ? { $push: { outbox: { $each: outbox } } } : {}),
      } as never,
    );
    return result.modifiedCount === 1 ? { ...run, ...changes, changedAt, revision: run.revision + 1 } : null;
  }

  /** Finished runs started at or after `since`, oldest first (the post-restore re-application). */
  async finishedRunIdsSince(since: Date): Promise<string[]> {
    const docs = await this.model.collection
      .find({ status: 'finished', startedAt: { $gte: since } } as never, { projection: { _id: 1 } })
      .sort({ startedAt: 1, _id: 1 })
      .toArray();
    return docs.map((d) => String(d._id));
  }

  /** Events about a run that change nothing of it (purge requests asked again after a restore); `changedAt` stays. */
  async pushOutbox(runId: string, outbox: OutboxEntry[]): Promise<void> {
    await this.model.collection.updateOne({ _id: runId } as never, { $push: { outbox: { $each: outbox } } } as never);
  }

  /** Progress only: not a decision, so not conditional on the revision (and it moves no revision); the view shows it, so it moves `changedAt`. */
  async setExpected(runId: string, expected: number): Promise<void> {
    await this.model.collection.updateOne({ _id: runId } as never, { $set: { expected, changedAt: this.clock.now() } });
  }

  async countOpen(): Promise<number> {
    return this.model.collection.countDocuments({ status: 'running' });
  }

  /** When the longest-running open run started (a run that never finishes is stuck). */
  async oldestOpenStartedAt(): Promise<Date | undefined> {
    const doc = await this.model.collection.findOne({ status: 'running' }, { sort: { startedAt: 1 }, projection: { startedAt: 1 } });
    return (doc as { startedAt?: Date } | null)?.startedAt;
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
    const query = {
      ...(filter.ruleId ? { 'rule.id': filter.ruleId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(Object.keys(startedAt).length ? { startedAt } : {}),
      ...(field === 'changedAt' ? { changedAt: key } : {}),
      ...(after ? { $or: [{ [field]: { [beyond]: after.at } }, { [field]: after.at, _id: { [beyond]: after.runId } }] } : {}),
    };
    const direction = since ? 1 : -1;
    const docs = await this.model.collection
      .find(query as never, { projection: LIST_PROJECTION })
      .sort({ [field]: direction, _id: direction })
      .limit(filter.limit)
      .toArray();
    return docs.map((d) => fromRecord(d as unknown as RunRecord));
  }
}

function toRecord(run: Run, outbox: OutboxEntry[]): RunRecord {
  const { runId, ...rest } = run;
  return { _id: runId, ...rest, outbox };
}

function fromRecord(record: RunRecord): Run {
  const { _id, outbox: _outbox, ...rest } = record;
  return {
    ...rest,
    runId: _id,
    changedAt: rest.changedAt ?? changedAtBefore(rest),
    exclusions: { subjectKeys: rest.exclusions?.subjectKeys ?? [], itemIds: rest.exclusions?.itemIds ?? [] },
  };
}
