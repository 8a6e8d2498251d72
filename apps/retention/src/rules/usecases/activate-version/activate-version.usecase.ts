import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { localDateOf } from '../../../domain/schedule/zoned-time.js';
import { problemOf } from '../../domain/refusal.js';
import type { Rule } from '../../domain/rule.model.js';
import { activate } from '../../domain/rule.versioning.js';
import { RulesRepository } from '../../persistence/rules.repository.js';

/**
 * Activates a draft version under its gallringsbeslut and supersedes the active one, in one conditional
 * update. See {@link activate} for when it is refused.
 */
@Injectable()
export class ActivateVersionUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(ruleId: string, version: number, actor: string): Promise<Rule> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const now = this.clock.now();
    const planned = activate(rule, version, now, actor, localDateOf(now));
    if (!planned.ok) throw problemOf(planned.refusal);
    const saved = await this.rules.activate(
      ruleId,
      { revision: rule.revision, version, previousActive: rule.activeVersion },
      planned.value,
      now,
    );
    if (!saved)
      throw Problems.conflict(`The rule ${ruleId} changed while version ${version} was being activated; read it again and retry.`);
    return { ...rule, versions: planned.value, activeVersion: version, draftVersion: null, revision: rule.revision + 1, updatedAt: now };
  }
}
