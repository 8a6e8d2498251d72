import type { OutboxEntry } from '@insyn/messaging';
import type { Rule, RuleVersion } from '../domain/rule.model.js';

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
   * Active and superseded versions in `versions` are the ones read, unchanged.
   */
  abstract saveDraft(ruleId: string, expectedRevision: number, versions: RuleVersion[], draftVersion: number, at: Date): Promise<boolean>;
  /**
   * Activates `version` (and supersedes `previousActive`) in one update, together with its event on the
   * rule's outbox, if the rule is still at `expectedRevision` with that draft and that active version;
   * false otherwise (then neither is written).
   */
  abstract activate(
    ruleId: string,
    expected: { revision: number; version: number; previousActive: number | null },
    versions: RuleVersion[],
    at: Date,
    event: OutboxEntry,
  ): Promise<boolean>;
}
