import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { prefixPattern } from '@insyn/person';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import {
  changedAtBefore,
  type Hold,
  type HoldActor,
  type HoldReview,
  type HoldScope,
  type HoldStatus,
  manualSlot,
  releasedSlot,
  slotOf,
} from '../domain/hold.js';
import { HOLD_MODEL, type HoldRecord } from './hold.schema.js';

export type InsertOutcome = { inserted: true } | { inserted: false; existing: Hold | undefined };

/** Each active-hold query carries this filter: a released hold is history, never an exclusion. */
const ACTIVE = { releasedAt: { $exists: false } } as const;

/** Holds stored before `changedAt` was kept get it at start-up, this many a write. */
const BACKFILL_BATCH = 500;

export interface HoldFilter {
  scope?: HoldScope;
  /** Active or released; both when absent. */
  status?: HoldStatus;
  /** Holds changed strictly after this instant, oldest change first (`changedAt`, then id) instead of in the order set. */
  since?: Date;
  /** The next page: holds after this one in the list's order (its `setAt`, or with `since` its `changedAt`, then its id). */
  after?: { at: Date; holdId: string };
  limit: number;
}

/**
 * The holds collection. Each state change is one atomic document write; the unique `slot` index stops
 * overlaps. Each write of what a hold shows sets its `changedAt` to the time of the change (what
 * `GET /v1/holds?since=` selects on): when it was set, reviewed or released, as the use case's clock gave it.
 *
 * The insert, the backfill and the re-keying go to the driver's collection (typed by the record,
 * collectionOf): the insert must fail on a duplicate `_id` or `slot` and store the hold exactly as given,
 * without mongoose casting it or adding the schema's defaults. Everything else uses the model.
 */
@Injectable()
export class HoldsRepository implements OnModuleInit {
  private readonly records: Collection<HoldRecord>;

  constructor(@InjectModel(HOLD_MODEL) private readonly model: Model<HoldRecord>) {
    this.records = collectionOf(model);
  }

  /** The unique slot index must exist before the first insert, or two overlapping holds could both land. */
  async onModuleInit(): Promise<void> {
    await this.model.init();
    await this.backfillChangedAt();
  }

  /**
   * Holds stored before `changedAt` was kept get it once: their release, else their latest review, else
   * when they were set (`changedAtBefore`), so `since` finds them and the changes order has a key for each.
   * A stored value is never overwritten (each write is conditional on its absence), so it is idempotent and
   * safe while another instance does the same or changes holds meanwhile. Backfilled rather than read
   * around: a query on `changedAt` alone can then use its index, with nothing to guess for a hold without one.
   */
  async backfillChangedAt(): Promise<number> {
    let done = 0;
    for (;;) {
      const missing = await this.records
        .find<Pick<HoldRecord, '_id' | 'setAt' | 'reviews' | 'releasedAt'>>(
          { changedAt: { $exists: false } },
          { projection: { setAt: 1, reviews: 1, releasedAt: 1 } },
        )
        .limit(BACKFILL_BATCH)
        .toArray();
      if (!missing.length) return done;
      const result = await this.records.bulkWrite(
        missing.map((r) => ({
          updateOne: {
            filter: { _id: r._id, changedAt: { $exists: false } },
            update: { $set: { changedAt: changedAtBefore({ ...r, reviews: r.reviews ?? [] }) } },
          },
        })),
        { ordered: false },
      );
      done += result.modifiedCount;
      if (missing.length < BACKFILL_BATCH) return done;
    }
  }

  /** Inserts a new hold; when its slot or id is taken, answers with the hold that holds it. */
  async insert(hold: Hold): Promise<InsertOutcome> {
    const record = toRecord(hold);
    try {
      await this.records.insertOne(record);
      return { inserted: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.model
        .findOne({ $or: [{ _id: record._id }, { slot: record.slot }] })
        .lean<HoldRecord>()
        .exec();
      return { inserted: false, existing: existing ? toHold(existing) : undefined };
    }
  }

  async findById(holdId: string): Promise<Hold | undefined> {
    const record = await this.model.findById(holdId).lean<HoldRecord>().exec();
    return record ? toHold(record) : undefined;
  }

  /** The active hold set by hand on this scope + target, if any. */
  async findActiveManual(scope: HoldScope, target: string): Promise<Hold | undefined> {
    const record = await this.model
      .findOne({ slot: manualSlot(scope, target) })
      .lean<HoldRecord>()
      .exec();
    return record ? toHold(record) : undefined;
  }

  /**
   * A page of holds after `after` when given: in the order they were set (`setAt`, then id), or with
   * `since` oldest change first (`changedAt`, then id); both total orders. The key's own bound narrows the
   * scan before the `$or` that breaks ties, which FerretDB evaluates by scanning.
   */
  async list(filter: HoldFilter): Promise<Hold[]> {
    const { after, since } = filter;
    const field = since ? 'changedAt' : 'setAt';
    const key: Record<string, Date> = {
      ...(since ? { $gt: since } : {}),
      ...(after ? { $gte: after.at } : {}),
    };
    const records = await this.model
      .find({
        ...(filter.status ? { releasedAt: { $exists: filter.status === 'released' } } : {}),
        ...(filter.scope ? { scope: filter.scope } : {}),
        ...(Object.keys(key).length ? { [field]: key } : {}),
        ...(after ? { $or: [{ [field]: { $gt: after.at } }, { [field]: after.at, _id: { $gt: after.holdId } }] } : {}),
      })
      .sort({ [field]: 1, _id: 1 })
      .limit(filter.limit)
      .lean<HoldRecord[]>()
      .exec();
    return records.map(toHold);
  }

  /** Active holds that stop gallring of this unit under this rule: every person and conversation hold, and unit/rule holds on these. */
  async activeAffecting(unit: string, ruleId: string): Promise<Pick<Hold, 'holdId' | 'scope' | 'target'>[]> {
    const records = await this.records
      .find<Pick<HoldRecord, '_id' | 'scope' | 'target'>>(
        {
          ...ACTIVE,
          $or: [{ scope: { $in: ['person', 'conversation'] } }, { scope: 'unit', target: unit }, { scope: 'rule', target: ruleId }],
        },
        { projection: { _id: 1, scope: 1, target: 1 } },
      )
      .toArray();
    return records.map((r) => ({
      holdId: r._id,
      scope: r.scope,
      target: r.target,
    }));
  }

  /**
   * Releases an active hold of the given kind (set by hand, or the automatic hold of a data-subject
   * request); undefined when it does not exist, was released already, or is of the other kind.
   */
  async release(
    holdId: string,
    kind: 'by-hand' | 'of-request',
    at: Date,
    by: HoldActor,
    note: string | undefined,
  ): Promise<Hold | undefined> {
    const record = await this.model
      .findOneAndUpdate(
        { _id: holdId, ...ACTIVE, source: { $exists: kind === 'of-request' } },
        {
          $set: {
            releasedAt: at,
            releasedBy: by,
            ...(note !== undefined ? { releaseNote: note } : {}),
            slot: releasedSlot(holdId),
            changedAt: at,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<HoldRecord>()
      .exec();
    return record ? toHold(record) : undefined;
  }

  /** Moves the review date of an active hold and records the review; undefined when it does not exist or was released. */
  async review(holdId: string, review: HoldReview): Promise<Hold | undefined> {
    const record = await this.model
      .findOneAndUpdate(
        { _id: holdId, ...ACTIVE, reviewAt: review.from },
        { $set: { reviewAt: review.to, changedAt: review.at }, $push: { reviews: review } },
        { returnDocument: 'after' },
      )
      .lean<HoldRecord>()
      .exec();
    return record ? toHold(record) : undefined;
  }

  /** The distinct subject keys person holds name with one of `prefixes` (previous SUBJECT_KEY_SECRETs, ADR 0025). */
  async staleSubjectKeys(prefixes: string[]): Promise<string[]> {
    return this.model.distinct('target', { scope: 'person', target: { $regex: prefixPattern(prefixes) } }).exec();
  }

  /**
   * Moves the holds on a person from her previous subject key to her current one (a hand-set hold's slot with
   * it); how many moved. A hand-set hold the current key already has stays (both hold her), counted left.
   */
  async rekeySubject(stale: string, current: string): Promise<number> {
    const records = await this.model.find({ scope: 'person', target: stale }, { _id: 1, slot: 1 }).lean<HoldRecord[]>().exec();
    let moved = 0;
    for (const r of records) {
      const slot = r.slot === manualSlot('person', stale) ? manualSlot('person', current) : r.slot;
      try {
        const res = await this.records.updateOne({ _id: r._id, target: stale }, { $set: { target: current, slot } });
        moved += res.modifiedCount;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    return moved;
  }
}

function toRecord(hold: Hold): HoldRecord {
  const { holdId, ...rest } = hold;
  return { _id: holdId, ...stripUndefined(rest), slot: slotOf(hold) };
}

function toHold(r: HoldRecord): Hold {
  return {
    holdId: r._id,
    scope: r.scope,
    target: r.target,
    reason: r.reason,
    ...(r.note != null ? { note: r.note } : {}),
    setBy: { kind: r.setBy.kind, id: r.setBy.id },
    setAt: r.setAt,
    reviewAt: r.reviewAt,
    reviews: r.reviews ?? [],
    ...(r.releasedAt != null ? { releasedAt: r.releasedAt } : {}),
    ...(r.releasedBy != null ? { releasedBy: { kind: r.releasedBy.kind, id: r.releasedBy.id } } : {}),
    ...(r.releaseNote != null ? { releaseNote: r.releaseNote } : {}),
    ...(r.source != null ? { source: { type: r.source.type, requestId: r.source.requestId } } : {}),
    changedAt:
      r.changedAt ?? changedAtBefore({ setAt: r.setAt, reviews: r.reviews ?? [], ...(r.releasedAt ? { releasedAt: r.releasedAt } : {}) }),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
