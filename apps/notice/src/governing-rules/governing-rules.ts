import { Injectable } from '@nestjs/common';
import { type GoverningRule, type RuleRetirement, supersedes, withRetirement } from './domain/governing-rule.js';
import { GoverningRulesRepository } from './persistence/governing-rules.repository.js';

/** What the representations read: a rule by id, its retirement, and a counter that moves whenever any rule changes. */
export interface RuleLookup {
  /** Changes whenever a rule is added, replaced or retired, so a rendered page knows when to look again. */
  readonly generation: number;
  /** The rule as last announced active, retired (`retiredAt`) once its retirement is known. */
  get(ruleId: string): GoverningRule | undefined;
  /** The rule's retirement, also when no activation of it has been heard (retired before, or heard first). */
  retirement(ruleId: string): RuleRetirement | undefined;
}

/**
 * The governing rules held in memory for the public pages (the hot path never queries). Filled from
 * the database at start and at every reconcile (PublishedNotices), and kept current by each
 * `retention.rule.activated.v1` and `retention.rule.retired.v1` this instance sees, on the consumer group
 * or on its own broadcast listener. Highest version wins and a retirement is never undone, so the sources
 * may overlap in any order.
 */
@Injectable()
export class GoverningRules implements RuleLookup {
  private readonly rules = new Map<string, GoverningRule>();
  private readonly retirements = new Map<string, RuleRetirement>();
  private gen = 0;

  constructor(private readonly repository: GoverningRulesRepository) {}

  get generation(): number {
    return this.gen;
  }

  get(ruleId: string): GoverningRule | undefined {
    return this.rules.get(ruleId);
  }

  retirement(ruleId: string): RuleRetirement | undefined {
    return this.retirements.get(ruleId);
  }

  /** Takes `rule` if it is newer than the one held (retired, if the rule is); true when something changed. */
  apply(rule: GoverningRule): boolean {
    if (!supersedes(rule, this.rules.get(rule.ruleId))) return false;
    this.rules.set(rule.ruleId, withRetirement(rule, this.retirements.get(rule.ruleId)));
    this.gen++;
    return true;
  }

  /**
   * Takes the rule's retirement unless one is held; true when something changed. Kept also for a rule
   * not known yet: its activation, heard later, shows it retired.
   */
  applyRetirement(retirement: RuleRetirement): boolean {
    if (this.retirements.has(retirement.ruleId)) return false;
    this.retirements.set(retirement.ruleId, retirement);
    const rule = this.rules.get(retirement.ruleId);
    if (rule) this.rules.set(rule.ruleId, withRetirement(rule, retirement));
    this.gen++;
    return true;
  }

  /**
   * Merges the stored rules and retirements in (never drops one: rules are not deleted, retirements are
   * final, and memory may be ahead of the database). Retirements first, so each rule is taken retired.
   */
  async reload(): Promise<void> {
    for (const retirement of await this.repository.findRetirements()) this.applyRetirement(retirement);
    for (const rule of await this.repository.findAll()) this.apply(rule);
  }
}
