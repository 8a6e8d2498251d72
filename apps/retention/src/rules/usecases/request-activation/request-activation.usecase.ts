import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock, localDateOf } from '@insyn/platform';
import { requestActivation } from '../../domain/rule.approval.js';
import { problemOf } from '../../domain/refusal.js';
import type { ApprovalRequest, Performer } from '../../domain/rule.model.js';
import { RulesRepository } from '../../persistence/rules.repository.js';

/**
 * Submits a draft for activation (four-eyes, ADR 0024): checked as activation checks it, then stored as
 * the rule's approval request until a second person approves or rejects it, or the draft is edited.
 */
@Injectable()
export class RequestActivationUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(ruleId: string, version: number, requester: Performer): Promise<ApprovalRequest> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const now = this.clock.now();
    const planned = requestActivation(rule, version, now, requester, localDateOf(now));
    if (!planned.ok) throw problemOf(planned.refusal);
    if (!(await this.rules.requestApproval(ruleId, rule.revision, planned.value)))
      throw Problems.conflict(`The rule ${ruleId} changed while version ${version} was being submitted; read it again and retry.`);
    return planned.value;
  }
}
