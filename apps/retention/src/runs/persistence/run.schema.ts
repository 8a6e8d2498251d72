import type { OutboxEntry } from '@insyn/messaging';
import { Schema } from 'mongoose';
import type { Run } from '../domain/run.js';

export const RUN_MODEL = 'Run';
export const RUNS_COLLECTION = 'runs';
export const RULE_SCHEDULE_MODEL = 'RuleSchedule';
export const RULE_SCHEDULES_COLLECTION = 'rule_schedules';

/**
 * A run as stored: `_id` = runId, with the outbox of its purge requests (ADR 0004). `changedAt` is absent
 * on runs stored before it was kept, until RunsRepository backfills it at start-up.
 */
export type RunRecord = Omit<Run, 'runId' | 'changedAt'> & { _id: string; outbox: OutboxEntry[]; changedAt?: Date };

/**
 * Each rule's scheduling state, one document per rule: the lease that makes one instance at a time the
 * rule's scheduler (`holder`, `leaseUntil`), the run in progress (`openRunId`: at most one per rule), and
 * the last schedule slot that started a run.
 */
export interface RuleScheduleRecord {
  _id: string; // ruleId
  holder: string | null;
  leaseUntil: Date;
  openRunId: string | null;
  openedAt: Date | null;
  lastSlotAt: Date | null;
}

// The documents are written with the driver (conditional updates); the schemas declare the indexes.
export const RunSchema = new Schema<RunRecord>({}, { collection: RUNS_COLLECTION, strict: false, versionKey: false });
RunSchema.index({ 'rule.id': 1, startedAt: -1 });
RunSchema.index({ status: 1 });
// `GET /v1/runs?since=`: what changed after an instant, oldest change first.
RunSchema.index({ changedAt: 1, _id: 1 });

export const RuleScheduleSchema = new Schema<RuleScheduleRecord>(
  {},
  { collection: RULE_SCHEDULES_COLLECTION, strict: false, versionKey: false },
);
