import { Injectable } from '@nestjs/common';
import type { RuleRetiredV1 } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { fromRetirement } from '../../domain/governing-rule.js';
import { GoverningRules } from '../../governing-rules.js';
import { GoverningRulesRepository, type RecordOutcome } from '../../persistence/governing-rules.repository.js';

/**
 * Records that a retention rule was retired, so the notices that cite it say that it no longer governs
 * deletion. Idempotent and order-tolerant: the first retirement stays (the retention service retires a
 * rule once), and one heard before the rule's activation is kept for it, so the rule shows retired
 * whenever its activation arrives.
 */
@Injectable()
export class RecordRuleRetirementUseCase {
  constructor(
    private readonly repository: GoverningRulesRepository,
    private readonly rules: GoverningRules,
    private readonly clock: Clock,
  ) {}

  async execute(data: RuleRetiredV1, eventId: string): Promise<Exclude<RecordOutcome, 'replaced'>> {
    const retirement = fromRetirement(data);
    const outcome = await this.repository.recordRetirement(retirement, { eventId, at: this.clock.now() });
    // This instance shows it at once (the others through their broadcast listener).
    this.rules.applyRetirement(retirement);
    return outcome;
  }
}
