import type { GoverningRule } from '../domain/governing-rule.js';

export type RecordOutcome = 'inserted' | 'replaced' | 'unchanged';

/** The notice service's copy of the retention rules its statements cite (docs/style.md 10). */
export abstract class GoverningRulesRepository {
  /** Every known rule, ordered by id (a municipality has tens of them). */
  abstract findAll(): Promise<GoverningRule[]>;
  /** The known rules among `ruleIds`. */
  abstract findByIds(ruleIds: string[]): Promise<GoverningRule[]>;
  /**
   * Stores `rule` unless a version as high or higher is stored already: one conditional write, so a
   * redelivered or late (lower) activation changes nothing.
   */
  abstract record(rule: GoverningRule, meta: { eventId: string; at: Date }): Promise<RecordOutcome>;
}
