import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { rejectActivation } from '../../domain/rule.approval.js';
import { problemOf } from '../../domain/refusal.js';
import type { ApprovalRejection, Performer } from '../../domain/rule.model.js';
import { RulesRepository } from '../../persistence/rules.repository.js';

/** Rejects a draft submitted for activation: the request is cleared, the draft stays, and the reason is kept. */
@Injectable()
export class RejectActivationUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(ruleId: string, version: number, rejecter: Performer, reason: string): Promise<ApprovalRejection> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const planned = rejectActivation(rule, version, this.clock.now(), rejecter, reason);
    if (!planned.ok) throw problemOf(planned.refusal);
    if (!(await this.rules.rejectApproval(ruleId, rule.revision, planned.value)))
      throw Problems.conflict(`The rule ${ruleId} changed while the request was being rejected; read it again and retry.`);
    return planned.value;
  }
}
