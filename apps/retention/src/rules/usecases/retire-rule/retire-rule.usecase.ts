import { Injectable } from '@nestjs/common';
import { RuleRetiredV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { retire } from '../../domain/rule.approval.js';
import { problemOf } from '../../domain/refusal.js';
import { ruleRetired } from '../../domain/rule.events.js';
import type { Performer, Rule } from '../../domain/rule.model.js';
import { RULES_COLLECTION } from '../../persistence/rule.schema.js';
import { RulesRepository } from '../../persistence/rules.repository.js';

/**
 * Retires a rule with a reason: from then on it selects nothing in runs and forecasts. One person may do
 * it (ADR 0024: retiring keeps information, it never deletes any). `retention.rule.retired.v1` goes on
 * the rule's outbox in the same update.
 */
@Injectable()
export class RetireRuleUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(ruleId: string, by: Performer, reason: string): Promise<Rule> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const now = this.clock.now();
    const planned = retire(rule, now, by, reason);
    if (!planned.ok) throw problemOf(planned.refusal);
    const { versions, retirement } = planned.value;
    const event = this.events.outboxEntry(RuleRetiredV1Event, ruleRetired(rule, retirement));
    const outbox = await this.rules.retire(ruleId, rule.revision, versions, retirement, event);
    if (!outbox) throw Problems.conflict(`The rule ${ruleId} changed while it was being retired; read it again and retry.`);
    await this.relay.enqueued(RULES_COLLECTION, ruleId, outbox);
    return { ...rule, versions, activeVersion: null, approval: null, retired: retirement, revision: rule.revision + 1, updatedAt: now };
  }
}
