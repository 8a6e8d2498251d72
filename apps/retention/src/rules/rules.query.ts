import { Injectable } from '@nestjs/common';
import type { ActiveRule } from './domain/rule.model.js';
import { activeRuleOf } from './domain/rule.versioning.js';
import { RulesRepository } from './persistence/rules.repository.js';

/** What the runs and forecast features read: the active version of each rule, with its decision. */
@Injectable()
export class RulesQuery {
  constructor(private readonly rules: RulesRepository) {}

  /** Every rule's active version, ordered by rule id; rules with only drafts are left out. */
  async activeRules(): Promise<ActiveRule[]> {
    const rules = await this.rules.findWithActiveVersion();
    return rules.flatMap((rule) => {
      const active = activeRuleOf(rule);
      return active ? [active] : [];
    });
  }

  /** The rule's active version, or null when the rule is unknown or has none. */
  async activeVersion(ruleId: string): Promise<ActiveRule | null> {
    const rule = await this.rules.findById(ruleId);
    return rule ? activeRuleOf(rule) : null;
  }

  /** When the rule was retired, or null when it is not (or unknown): a retired rule selects nothing. */
  async retiredAt(ruleId: string): Promise<Date | null> {
    const rule = await this.rules.findById(ruleId);
    return rule?.retired?.at ?? null;
  }
}
