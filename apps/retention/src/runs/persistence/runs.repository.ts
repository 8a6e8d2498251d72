import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@insyn/messaging';
import type { Model } from 'mongoose';
import type { Run, RunStatus } from '../domain/run.js';
import { RUN_MODEL, type RunRecord } from './run.schema.js';

export interface RunFilter {
  ruleId?: string;
  status?: RunStatus;
  /** Runs started strictly before this instant (the next page of a newest-first list). */
  startedBefore?: Date;
  /** The next page: runs after this one in the newest-first order (started earlier, or at the same instant with a smaller id). */
  after?: { startedAt: Date; runId: string };
  limit: number;
}

/** What a list shows: no exclusion lists (subject keys are pseudonymous personal data) and no outbox. */
const LIST_PROJECTION = { outbox: 0, 'exclusions.subjectKeys': 0, 'exclusions.itemIds': 0 };

/** The runs collection. Every change is conditional on the run's revision (docs/style.md 12). */
@Injectable()
export class RunsRepository implements OnModuleInit {
  constructor(@InjectModel(RUN_MODEL) private readonly model: Model<RunRecord>) {}

  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  /** Stores a new run with the purge requests to relay, in one write. */
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
  async update(run: Run, changes: Partial<Omit<Run, 'runId' | 'revision'>>, outbox: OutboxEntry[] = []): Promise<Run | null> {
    const result = await this.model.collection.updateOne(
      { _id: run.runId, revision: run.revision } as never,
      {
        $set: { ...changes, revision: run.revision + 1 },
        ...(outbox.length ? { $push: { outbox: { $each: outbox } } } : {}),
      } as never,
    );
    return result.modifiedCount === 1 ? { ...run, ...changes, revision: run.revision + 1 } : null;
  }

  /** Finished runs started at or after `since`, oldest first (the post-restore re-application). */
  async finishedRunIdsSince(since: Date): Promise<string[]> {
    const docs = await this.model.collection
      .find({ status: 'finished', startedAt: { $gte: since } } as never, { projection: { _id: 1 } })
      .sort({ startedAt: 1, _id: 1 })
      .toArray();
    return docs.map((d) => String(d._id));
  }

  /** Events about a run that change nothing of it (purge requests asked again after a restore). */
  async pushOutbox(runId: string, outbox: OutboxEntry[]): Promise<void> {
    await this.model.collection.updateOne({ _id: runId } as never, { $push: { outbox: { $each: outbox } } } as never);
  }

  /** Progress only: not a decision, so not conditional on the revision (and it moves no revision). */
  async setExpected(runId: string, expected: number): Promise<void> {
    await this.model.collection.updateOne({ _id: runId } as never, { $set: { expected } });
  }

  async countOpen(): Promise<number> {
    return this.model.collection.countDocuments({ status: 'running' });
  }

  /** When the longest-running open run started (a run that never finishes is stuck). */
  async oldestOpenStartedAt(): Promise<Date | undefined> {
    const doc = await this.model.collection.findOne({ status: 'running' }, { sort: { startedAt: 1 }, projection: { startedAt: 1 } });
    return (doc as { startedAt?: Date } | null)?.startedAt;
  }

  /** Newest first (`startedAt`, then id: a total order); without the exclusion lists. */
  async list(filter: RunFilter): Promise<Run[]> {
    const { after } = filter;
    // `startedAt` bounds the scan before the `$or` that breaks ties, which FerretDB evaluates by scanning.
    const startedAt = {
      ...(filter.startedBefore ? { $lt: filter.startedBefore } : {}),
      ...(after ? { $lte: after.startedAt } : {}),
    };
    const query = {
      ...(filter.ruleId ? { 'rule.id': filter.ruleId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(Object.keys(startedAt).length ? { startedAt } : {}),
      ...(after ? { $or: [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, _id: { $lt: after.runId } }] } : {}),
    };
    const docs = await this.model.collection
      .find(query as never, { projection: LIST_PROJECTION })
      .sort({ startedAt: -1, _id: -1 })
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
    exclusions: { subjectKeys: rest.exclusions?.subjectKeys ?? [], itemIds: rest.exclusions?.itemIds ?? [] },
  };
}
