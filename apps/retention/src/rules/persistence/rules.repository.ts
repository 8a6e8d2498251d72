import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import type { ApprovalRejection, ApprovalRequest, Retirement, Rule, RuleVersion } from '../domain/rule.model.js';

/** The port the use cases and the later features (runs, forecast) depend on (docs/style.md 10). */
export abstract class RulesRepository {
  abstract findById(ruleId: string): Promise<Rule | null>;
  /** Every rule, ordered by id. */
  abstract listAll(): Promise<Rule[]>;
  /** The rules that have an active version, ordered by id. */
  abstract findWithActiveVersion(): Promise<Rule[]>;
  /** Inserts a new rule; false when the id is taken. */
  abstract insert(rule: Rule): Promise<boolean>;
  /**
   * Writes a changed draft (replaced or added) if the rule is still at `expectedRevision`; false otherwise.
   * Active and superseded versions in `versions` are the ones read, unchanged. A pending approval request
   * is cleared with it: what was submitted is no longer the draft.
   */
  abstract saveDraft(ruleId: string, expectedRevision: number, versions: RuleVersion[], draftVersion: number, at: Date): Promise<boolean>;
  /**
   * Activates `version` (and supersedes `previousActive`) in one update, together with its event on the
   * rule's outbox, if the rule is still at `expectedRevision` with that draft and that active version
   * (otherwise neither is written). The approval request is cleared with it. Returns the rule's whole
   * outbox as the update left it (for `OutboxRelay.enqueued`), or null when the rule had changed.
   */
  abstract activate(
    ruleId: string,
    expected: { revision: number; version: number; previousActive: number | null },
    versions: RuleVersion[],
    at: Date,
    event: OutboxEntry,
  ): Promise<WrittenOutbox | null>;
  /** Stores the draft's approval request if the rule is still at `expectedRevision` with that draft; false otherwise. */
  abstract requestApproval(ruleId: string, expectedRevision: number, request: ApprovalRequest): Promise<boolean>;
  /** Clears the approval request and keeps the rejection, if the rule is still at `expectedRevision`; false otherwise. */
  abstract rejectApproval(ruleId: string, expectedRevision: number, rejection: ApprovalRejection): Promise<boolean>;
  /**
   * Retires the rule (its active version `retired`, no active version, no approval request) with its event
   * on the outbox, if it is still at `expectedRevision`. Returns the rule's whole outbox as the update left
   * it (for `OutboxRelay.enqueued`), or null when the rule had changed (then nothing is written).
   */
  abstract retire(
    ruleId: string,
    expectedRevision: number,
    versions: RuleVersion[],
    retirement: Retirement,
    event: OutboxEntry,
  ): Promise<WrittenOutbox | null>;
}
