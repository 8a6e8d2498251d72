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
  limit: number;
}

/** What a list shows: no exclusion lists (subject keys are pseudonymous personal data) and no outbox. */
const LIST_PROJECTION = { outbox: 0, 'exclusions.subjectKeys': 0, 'exclusions.itemIds': 0 };

/** The runs collection. Every change is conditional on the run's revision (STYLE.md 12). */
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

  /** Progress only: not a decision, so not conditional on the revision (and it moves no revision). */
  async setExpected(runId: string, expected: number): Promise<void> {
    await this.model.collection.updateOne({ _id: runId } as never, { $set: { expected } });
  }

  async countOpen(): Promise<number> {
    return this.model.collection.countDocuments({ status: 'running' });
  }

  /** Newest first; without the exclusion lists. */
  async list(filter: RunFilter): Promise<Run[]> {
    const query = {
      ...(filter.ruleId ? { 'rule.id': filter.ruleId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.startedBefore ? { startedAt: { $lt: filter.startedBefore } } : {}),
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
