import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { problemOf } from '../../domain/refusal.js';
import type { Rule } from '../../domain/rule.model.js';
import type { RuleVersionInput } from '../../domain/rule.validation.js';
import { addDraft } from '../../domain/rule.versioning.js';
import { RulesRepository } from '../../persistence/rules.repository.js';
import { versionContentOrThrow } from '../rule-input.js';

/** Adds the next version of a rule as a draft (refused while another draft exists). */
@Injectable()
export class AddVersionUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(ruleId: string, input: RuleVersionInput, actor: string): Promise<Rule> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const content = versionContentOrThrow(input);
    const now = this.clock.now();
    const planned = addDraft(rule, content, now, actor);
    if (!planned.ok) throw problemOf(planned.refusal);
    const draft = planned.value[planned.value.length - 1]!;
    if (!(await this.rules.saveDraft(ruleId, rule.revision, planned.value, draft.version, now)))
      throw Problems.conflict(`The rule ${ruleId} changed while the version was being added; read it again and retry.`);
    return { ...rule, versions: planned.value, draftVersion: draft.version, revision: rule.revision + 1, updatedAt: now };
  }
}
