import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import { RULE_SCHEDULE_MODEL, type RuleScheduleRecord } from './run.schema.js';

/**
 * The rules' scheduling state. Two guarantees, each a single conditional write (atomic on one document):
 * - the lease: one instance at a time is a rule's scheduler (starts its scheduled runs, asks again for
 *   unanswered chunks), until it stops renewing and the lease runs out;
 * - the open run: at most one run of a rule at a time, however it was started.
 *
 * Reads and writes go to the driver's collection (typed by the record, collectionOf): the schema declares
 * no paths, so mongoose would take `_id` for an ObjectId and cast the rule ids, and the insert that takes a
 * rule's document must fail on a duplicate `_id` when another instance took it first.
 */
@Injectable()
export class RuleSchedulesRepository implements OnModuleInit {
  private readonly records: Collection<RuleScheduleRecord>;

  constructor(@InjectModel(RULE_SCHEDULE_MODEL) private readonly model: Model<RuleScheduleRecord>) {
    this.records = collectionOf(model);
  }

  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  /** Takes or renews the rule's lease for `holder` until `now + ttlMs`; null while another instance holds it. */
  async acquire(ruleId: string, holder: string, now: Date, ttlMs: number): Promise<RuleScheduleRecord | null> {
    const leaseUntil = new Date(now.getTime() + ttlMs);
    const taken = await this.records.findOneAndUpdate(
      { _id: ruleId, $or: [{ holder }, { leaseUntil: { $lte: now } }] },
      { $set: { holder, leaseUntil } },
      { returnDocument: 'after' },
    );
    if (taken) return taken;
    const fresh: RuleScheduleRecord = { _id: ruleId, holder, leaseUntil, openRunId: null, openedAt: null, lastSlotAt: null };
    try {
      await this.records.insertOne(fresh);
      return fresh;
    } catch (err) {
      if (isDuplicateKeyError(err)) return null; // exists, and another instance holds it
      throw err;
    }
  }

  /** Gives the lease up (on shutdown), so another instance takes over at its next tick. */
  async release(ruleId: string, holder: string): Promise<void> {
    await this.records.updateOne({ _id: ruleId, holder }, { $set: { holder: null, leaseUntil: new Date(0) } });
  }

  /**
   * Makes `runId` the rule's open run, if it has none; a scheduled run also records its slot. False when
   * another run of the rule is open.
   */
  async claimRun(ruleId: string, runId: string, now: Date, slot?: Date): Promise<boolean> {
    const set = { openRunId: runId, openedAt: now, ...(slot ? { lastSlotAt: slot } : {}) };
    const claimed = await this.records.updateOne({ _id: ruleId, openRunId: null }, { $set: set });
    if (claimed.modifiedCount === 1) return true;
    try {
      await this.records.insertOne({ _id: ruleId, holder: null, leaseUntil: new Date(0), lastSlotAt: null, ...set });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false; // the rule's document exists and has an open run
      throw err;
    }
  }

  /** The run is over (or never got stored): the rule may run again. */
  async releaseRun(ruleId: string, runId: string): Promise<void> {
    await this.records.updateOne({ _id: ruleId, openRunId: runId }, { $set: { openRunId: null, openedAt: null } });
  }

  /** Records a slot that started no run (the rule could not run), so the scheduler does not try it every tick. */
  async skipSlot(ruleId: string, holder: string, slot: Date): Promise<void> {
    await this.records.updateOne({ _id: ruleId, holder }, { $set: { lastSlotAt: slot } });
  }

  async find(ruleId: string): Promise<RuleScheduleRecord | null> {
    return this.records.findOne({ _id: ruleId });
  }
}
