import { Inject, Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Rule } from '../../domain/rule.model.js';
import { checkScope, type RuleCatalog, type RuleVersionInput } from '../../domain/rule.validation.js';
import { firstVersion } from '../../domain/rule.versioning.js';
import { RulesRepository } from '../../persistence/rules.repository.js';
import { RULE_CATALOG } from '../../rule-catalog.token.js';
import { versionContentOrThrow } from '../rule-input.js';

export interface CreateRuleInput extends RuleVersionInput {
  ruleId: string;
  unit: string;
  informationType: string;
}

/** Creates a rule for a known unit and information type, with version 1 as a draft. */
@Injectable()
export class CreateRuleUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
    @Inject(RULE_CATALOG) private readonly catalog: RuleCatalog,
  ) {}

  async execute(input: CreateRuleInput, actor: string): Promise<Rule> {
    const content = versionContentOrThrow(input, checkScope(input.unit, input.informationType, this.catalog));
    const now = this.clock.now();
    const rule: Rule = {
      ruleId: input.ruleId,
      unit: input.unit,
      informationType: input.informationType,
      versions: [firstVersion(content, now, actor)],
      activeVersion: null,
      draftVersion: 1,
      revision: 1,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
    };
    if (!(await this.rules.insert(rule))) throw Problems.conflict(`A rule ${input.ruleId} exists already.`);
    return rule;
  }
}
