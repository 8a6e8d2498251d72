import { Injectable } from '@nestjs/common';
import type { RuleActivatedV1 } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { fromActivation } from '../../domain/governing-rule.js';
import { GoverningRules } from '../../governing-rules.js';
import { GoverningRulesRepository, type RecordOutcome } from '../../persistence/governing-rules.repository.js';

/**
 * Records that a retention rule version became active, so the notices that cite the rule show it.
 * Idempotent and order-tolerant: the highest version wins, and the same or a lower version again
 * changes nothing (the event id is not needed for that, the version is).
 */
@Injectable()
export class RecordRuleActivationUseCase {
  constructor(
    private readonly repository: GoverningRulesRepository,
    private readonly rules: GoverningRules,
    private readonly clock: Clock,
  ) {}

  async execute(data: RuleActivatedV1, eventId: string): Promise<RecordOutcome> {
    const rule = fromActivation(data);
    const outcome = await this.repository.record(rule, { eventId, at: this.clock.now() });
    // This instance shows it at once (the others through their broadcast listener). The in-memory rules
    // also keep the highest version, so a redelivery or a late lower version changes nothing there either.
    this.rules.apply(rule);
    return outcome;
  }
}
