import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import {
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

/** The holds collection. Each state change is one atomic document write; the unique `slot` index stops overlaps. */
@Injectable()
export class HoldsRepository implements OnModuleInit {
  constructor(@InjectModel(HOLD_MODEL) private readonly model: Model<HoldRecord>) {}

  /** The unique slot index must exist before the first insert, or two overlapping holds could both land. */
  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  /** Inserts a new hold; when its slot or id is taken, answers with the hold that holds it. */
  async insert(hold: Hold): Promise<InsertOutcome> {
    const record = toRecord(hold);
    try {
      await this.model.collection.insertOne(record as never);
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
   * A page of holds, oldest first (`setAt`, then id: a total order), active or released, after `after`
   * when given. `setAt` bounds the scan before the `$or` that breaks ties, which FerretDB evaluates by scanning.
   */
  async list(filter: { scope?: HoldScope; status: HoldStatus; after?: { setAt: Date; holdId: string }; limit: number }): Promise<Hold[]> {
    const { after } = filter;
    const records = await this.model
      .find({
        releasedAt: { $exists: filter.status === 'released' },
        ...(filter.scope ? { scope: filter.scope } : {}),
        ...(after
          ? { setAt: { $gte: after.setAt }, $or: [{ setAt: { $gt: after.setAt } }, { setAt: after.setAt, _id: { $gt: after.holdId } }] }
          : {}),
      })
      .sort({ setAt: 1, _id: 1 })
      .limit(filter.limit)
      .lean<HoldRecord[]>()
      .exec();
    return records.map(toHold);
  }

  /** Active holds that stop gallring of this unit under this rule: every person and conversation hold, and unit/rule holds on these. */
  async activeAffecting(unit: string, ruleId: string): Promise<Pick<Hold, 'holdId' | 'scope' | 'target'>[]> {
    const records = await this.model.collection
      .find(
        {
          ...ACTIVE,
          $or: [{ scope: { $in: ['person', 'conversation'] } }, { scope: 'unit', target: unit }, { scope: 'rule', target: ruleId }],
        },
        { projection: { _id: 1, scope: 1, target: 1 } },
      )
      .toArray();
    return (records as unknown as Pick<HoldRecord, '_id' | 'scope' | 'target'>[]).map((r) => ({
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
        { $set: { reviewAt: review.to }, $push: { reviews: review } },
        { returnDocument: 'after' },
      )
      .lean<HoldRecord>()
      .exec();
    return record ? toHold(record) : undefined;
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
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
