import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { collectionOf } from '@insyn/platform';
import type { Collection, Model, mongo } from 'mongoose';
import type {
  ArchivedConversation,
  CandidateItem,
  CandidateTrigger,
  ClosedConversation,
  InaktuellConversation,
  ListedCandidate,
} from '../candidate.js';
import { CANDIDATE_MODEL, type CandidateRecord } from './candidate.schema.js';

/** Documents fetched per round trip while streaming: memory holds one batch, never the whole selection. */
const STREAM_BATCH = 1_000;
type TriggerField = 'closedAt' | 'inaktuellAt' | 'lastActivityAt';
/** The field each trigger counts from. */
const TRIGGER_FIELD: Record<CandidateTrigger, TriggerField> = {
  'conversation-closed': 'closedAt',
  inaktualitet: 'inaktuellAt',
  'last-activity': 'lastActivityAt',
};
/** Ids per deleteMany (FerretDB's SQLite backend refuses statements with more than 32 766 variables). */
const FORGET_BATCH = 5_000;

/**
 * The candidates collection. Each event is one atomic upsert, idempotent and tolerant of order: the
 * closing sets what it knows, the archiving keeps the earliest acknowledgement ($min), and neither
 * overwrites the other's fields.
 *
 * Reads and writes go to the driver's collection (typed by the record, collectionOf): each upsert stores
 * exactly the fields it names, without mongoose casting them, and the streams read plain documents
 * through the driver's cursor.
 */
@Injectable()
export class CandidatesRepository implements OnModuleInit {
  private readonly records: Collection<CandidateRecord>;

  constructor(@InjectModel(CANDIDATE_MODEL) private readonly model: Model<CandidateRecord>) {
    this.records = collectionOf(model);
  }

  /** The selection index must exist before the first forecast reads by it. */
  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  async recordClosed(c: ClosedConversation): Promise<void> {
    await this.records.updateOne(
      { _id: c.conversationId },
      {
        $set: {
          unit: c.unit,
          informationType: c.informationType,
          closedAt: c.closedAt,
          lastActivityAt: c.lastActivityAt,
          ...(c.caseReference !== undefined ? { caseReference: c.caseReference } : {}),
          ...(c.subjectKey !== undefined ? { subjectKey: c.subjectKey } : {}),
        },
      },
      { upsert: true },
    );
  }

  /** The first confirmation counts ($min): confirming again never postpones the gallring. */
  async recordInaktuell(c: InaktuellConversation): Promise<void> {
    await this.records.updateOne(
      { _id: c.conversationId },
      {
        $setOnInsert: { unit: c.unit },
        $set: { informationType: c.informationType, ...(c.subjectKey !== undefined ? { subjectKey: c.subjectKey } : {}) },
        $min: { inaktuellAt: c.inaktuellAt },
      },
      { upsert: true },
    );
  }

  async recordArchived(a: ArchivedConversation): Promise<void> {
    await this.records.updateOne(
      { _id: a.conversationId },
      { $setOnInsert: { unit: a.unit }, $min: { archivedAt: a.archivedAt } },
      { upsert: true },
    );
  }

  /** How many candidates of `unit` and `informationType` were triggered before `triggeredBefore` (counted by the database). */
  async countDue(unit: string, informationType: string, trigger: CandidateTrigger, triggeredBefore: Date): Promise<number> {
    return this.records.countDocuments({ unit, informationType, [TRIGGER_FIELD[trigger]]: { $lt: triggeredBefore } });
  }

  /**
   * Forgets conversations their owner has deleted. A late archived event for one of them leaves a record
   * without `closedAt`, which no selection reads.
   */
  async forget(ids: readonly string[]): Promise<number> {
    let forgotten = 0;
    for (let i = 0; i < ids.length; i += FORGET_BATCH) {
      const batch = ids.slice(i, i + FORGET_BATCH);
      forgotten += (await this.records.deleteMany({ _id: { $in: batch } })).deletedCount;
    }
    return forgotten;
  }

  /**
   * Candidates of `unit` and `informationType` whose trigger happened in `[triggeredFrom, triggeredBefore)`,
   * read with a cursor, each with its trigger instant as `triggeredAt`.
   */
  async *stream(
    unit: string,
    informationType: string,
    trigger: CandidateTrigger,
    triggeredBefore: Date,
    triggeredFrom?: Date,
  ): AsyncGenerator<CandidateItem> {
    const field = TRIGGER_FIELD[trigger];
    const range = { ...(triggeredFrom ? { $gte: triggeredFrom } : {}), $lt: triggeredBefore };
    const cursor = this.records
      .find<Pick<CandidateRecord, '_id' | 'subjectKey' | 'archivedAt' | TriggerField>>(
        { unit, informationType, [field]: range },
        { projection: { _id: 1, subjectKey: 1, archivedAt: 1, [field]: 1 } },
      )
      .batchSize(STREAM_BATCH);
    try {
      for await (const record of cursor) {
        const { _id, subjectKey, archivedAt } = record;
        yield {
          _id,
          triggeredAt: record[field]!,
          ...(subjectKey !== undefined ? { subjectKey } : {}),
          ...(archivedAt != null ? { archivedAt } : {}),
        };
      }
    } finally {
      await cursor.close();
    }
  }

  /**
   * Like {@link stream}, in a total order (the trigger instant, then the id) and starting after `after`:
   * the forecast's item list reads a page from here and stops when it has one.
   */
  async *streamOrdered(
    unit: string,
    informationType: string,
    trigger: CandidateTrigger,
    range: { from?: Date; before: Date },
    after?: { at: Date; id: string },
  ): AsyncGenerator<ListedCandidate> {
    const field = TRIGGER_FIELD[trigger];
    const bounds = { ...(range.from ? { $gte: range.from } : {}), $lt: range.before };
    const filter: mongo.Filter<CandidateRecord> = {
      unit,
      informationType,
      [field]: bounds,
      ...(after ? { $or: [{ [field]: { $gt: after.at } }, { [field]: after.at, _id: { $gt: after.id } }] } : {}),
    };
    const cursor = this.records
      .find<Pick<CandidateRecord, '_id' | 'subjectKey' | 'archivedAt' | 'caseReference' | TriggerField>>(filter, {
        projection: { _id: 1, subjectKey: 1, archivedAt: 1, caseReference: 1, [field]: 1 },
      })
      .sort({ [field]: 1, _id: 1 })
      .batchSize(200);
    try {
      for await (const record of cursor) {
        const { _id, subjectKey, archivedAt, caseReference } = record;
        yield {
          _id,
          triggeredAt: record[field]!,
          ...(subjectKey !== undefined ? { subjectKey } : {}),
          ...(archivedAt != null ? { archivedAt } : {}),
          ...(caseReference != null ? { caseReference } : {}),
        };
      }
    } finally {
      await cursor.close();
    }
  }
}
