import type { GoverningRule, RuleRetirement } from '../domain/governing-rule.js';

export type RecordOutcome = 'inserted' | 'replaced' | 'unchanged';

/** The notice service's copy of the retention rules its statements cite (docs/style.md 10). */
export abstract class GoverningRulesRepository {
  /** Every known rule, ordered by id (a municipality has tens of them), retired (`retiredAt`) where its retirement is stored. */
  abstract findAll(): Promise<GoverningRule[]>;
  /** The known rules among `ruleIds`, retired where their retirement is stored. */
  abstract findByIds(ruleIds: string[]): Promise<GoverningRule[]>;
  /** The stored retirements: all of them, or those among `ruleIds`; also of rules no activation was heard of. */
  abstract findRetirements(ruleIds?: string[]): Promise<RuleRetirement[]>;
  /**
   * Stores `rule` unless a version as high or higher is stored already: one conditional write, so a
   * redelivered or late (lower) activation changes nothing. Its `retiredAt` is not stored with it: a
   * retirement is stored on its own (recordRetirement).
   */
  abstract record(rule: GoverningRule, meta: { eventId: string; at: Date }): Promise<RecordOutcome>;
  /**
   * Stores the rule's retirement unless one is stored already (a retirement is final: a second is a
   * redelivery of the first), whether or not the rule itself is stored yet. One insert.
   */
  abstract recordRetirement(retirement: RuleRetirement, meta: { eventId: string; at: Date }): Promise<Exclude<RecordOutcome, 'replaced'>>;
}
