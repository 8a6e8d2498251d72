import { Injectable } from '@nestjs/common';
import { type GoverningRule, supersedes } from './domain/governing-rule.js';
import { GoverningRulesRepository } from './persistence/governing-rules.repository.js';

/** What the representations read: a rule by id, and a counter that moves whenever any rule changes. */
export interface RuleLookup {
  /** Changes whenever a rule is added or replaced, so a rendered page knows when to look again. */
  readonly generation: number;
  get(ruleId: string): GoverningRule | undefined;
}

/**
 * The governing rules held in memory for the public pages (the hot path never queries). Filled from
 * the database at start and at every reconcile (PublishedNotices), and kept current by each
 * `retention.rule.activated.v1` this instance sees, on the consumer group or on its own broadcast
 * listener. Highest version wins, so the sources may overlap in any order.
 */
@Injectable()
export class GoverningRules implements RuleLookup {
  private readonly rules = new Map<string, GoverningRule>();
  private gen = 0;

  constructor(private readonly repository: GoverningRulesRepository) {}

  get generation(): number {
    return this.gen;
  }

  get(ruleId: string): GoverningRule | undefined {
    return this.rules.get(ruleId);
  }

  /** Takes `rule` if it is newer than the one held; true when something changed. */
  apply(rule: GoverningRule): boolean {
    if (!supersedes(rule, this.rules.get(rule.ruleId))) return false;
    this.rules.set(rule.ruleId, rule);
    this.gen++;
    return true;
  }

  /** Merges the stored rules in (never drops one: rules are not deleted, and memory may be ahead of the database). */
  async reload(): Promise<void> {
    for (const rule of await this.repository.findAll()) this.apply(rule);
  }
}
