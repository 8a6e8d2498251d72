import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { problemOf } from '../../domain/refusal.js';
import type { Rule } from '../../domain/rule.model.js';
import type { RuleVersionInput } from '../../domain/rule.validation.js';
import { replaceDraft } from '../../domain/rule.versioning.js';
import { RulesRepository } from '../../persistence/rules.repository.js';
import { versionContentOrThrow } from '../rule-input.js';

/** Replaces the content of a rule's draft version; with If-Match, only the draft revision the caller read. */
@Injectable()
export class ReplaceDraftUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(ruleId: string, input: RuleVersionInput, ifMatch: string | undefined): Promise<Rule> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const content = versionContentOrThrow(input);
    const now = this.clock.now();
    const planned = replaceDraft(rule, content, now, ifMatch);
    if (!planned.ok) throw problemOf(planned.refusal);
    const draftVersion = rule.draftVersion ?? 0;
    if (!(await this.rules.saveDraft(ruleId, rule.revision, planned.value, draftVersion, now)))
      throw Problems.conflict(`The rule ${ruleId} changed while the draft was being saved; read it again and retry.`);
    return { ...rule, versions: planned.value, revision: rule.revision + 1, updatedAt: now };
  }
}
