import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import { RULE_SCHEDULE_MODEL, type RuleScheduleRecord } from './run.schema.js';

/**
 * The rules' scheduling state. Two guarantees, each a single conditional write (atomic on one document):
 * - the lease: one instance at a time is a rule's scheduler (starts its scheduled runs, asks again for
 *   unanswered chunks), until it stops renewing and the lease runs out;
 * - the open run: at most one run of a rule at a time, however it was started.
 */
@Injectable()
export class RuleSchedulesRepository implements OnModuleInit {
  constructor(@InjectModel(RULE_SCHEDULE_MODEL) private readonly model: Model<RuleScheduleRecord>) {}

  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  /** Takes or renews the rule's lease for `holder` until `now + ttlMs`; null while another instance holds it. */
  async acquire(ruleId: string, holder: string, now: Date, ttlMs: number): Promise<RuleScheduleRecord | null> {
    const leaseUntil = new Date(now.getTime() + ttlMs);
    const taken = await this.model.collection.findOneAndUpdate(
      { _id: ruleId, $or: [{ holder }, { leaseUntil: { $lte: now } }] } as never,
      { $set: { holder, leaseUntil } },
      { returnDocument: 'after' },
    );
    if (taken) return taken as unknown as RuleScheduleRecord;
    const fresh: RuleScheduleRecord = { _id: ruleId, holder, leaseUntil, openRunId: null, openedAt: null, lastSlotAt: null };
    try {
      await this.model.collection.insertOne(fresh as never);
      return fresh;
    } catch (err) {
      if (isDuplicateKeyError(err)) return null; // exists, and another instance holds it
      throw err;
    }
  }

  /** Gives the lease up (on shutdown), so another instance takes over at its next tick. */
  async release(ruleId: string, holder: string): Promise<void> {
    await this.model.collection.updateOne({ _id: ruleId, holder } as never, { $set: { holder: null, leaseUntil: new Date(0) } });
  }

  /**
   * Makes `runId` the rule's open run, if it has none; a scheduled run also records its slot. False when
   * another run of the rule is open.
   */
  async claimRun(ruleId: string, runId: string, now: Date, slot?: Date): Promise<boolean> {
    const set = { openRunId: runId, openedAt: now, ...(slot ? { lastSlotAt: slot } : {}) };
    const claimed = await this.model.collection.updateOne({ _id: ruleId, openRunId: null } as never, { $set: set });
    if (claimed.modifiedCount === 1) return true;
    try {
      await this.model.collection.insertOne({ _id: ruleId, holder: null, leaseUntil: new Date(0), lastSlotAt: null, ...set } as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false; // the rule's document exists and has an open run
      throw err;
    }
  }

  /** The run is over (or never got stored): the rule may run again. */
  async releaseRun(ruleId: string, runId: string): Promise<void> {
    await this.model.collection.updateOne({ _id: ruleId, openRunId: runId } as never, { $set: { openRunId: null, openedAt: null } });
  }

  /** Records a slot that started no run (the rule could not run), so the scheduler does not try it every tick. */
  async skipSlot(ruleId: string, holder: string, slot: Date): Promise<void> {
    await this.model.collection.updateOne({ _id: ruleId, holder } as never, { $set: { lastSlotAt: slot } });
  }

  async find(ruleId: string): Promise<RuleScheduleRecord | null> {
    return (await this.model.collection.findOne({ _id: ruleId } as never)) as RuleScheduleRecord | null;
  }
}
