import type { OutboxEntry } from '@insyn/messaging';
import type { ApprovalRejection, ApprovalRequest, Retirement, RuleVersion } from '../domain/rule.model.js';

/** The stored shape of one rule with all its versions; `_id` is the rule id (a slug). */
export interface RuleRecord {
  _id: string;
  unit: string;
  informationType: string;
  versions: RuleVersion[];
  activeVersion: number | null;
  draftVersion: number | null;
  /** Incremented on every write; every update is conditional on it. */
  revision: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  /** Absent on rules stored before four-eyes and retirement (ADR 0024). */
  approval?: ApprovalRequest | null;
  lastRejection?: ApprovalRejection | null;
  retired?: Retirement | null;
  /** Events not yet relayed; absent on rules stored before the outbox existed. */
  outbox?: OutboxEntry[];
}
