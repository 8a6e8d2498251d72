import { Injectable } from '@nestjs/common';
import { RuleActivatedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems } from '@insyn/observability';
import { Clock, localDateOf } from '@insyn/platform';
import { approveActivation } from '../../domain/rule.approval.js';
import { problemOf } from '../../domain/refusal.js';
import { ruleActivated } from '../../domain/rule.events.js';
import type { Performer, Rule } from '../../domain/rule.model.js';
import { RULES_COLLECTION } from '../../persistence/rule.schema.js';
import { RulesRepository } from '../../persistence/rules.repository.js';

/**
 * Approves a draft submitted for activation (four-eyes, ADR 0024): a second person activates it under its
 * gallringsbeslut and supersedes the active one, in one conditional update that also puts
 * `retention.rule.activated.v1` on the rule's outbox (ADR 0004): the activation and its announcement are
 * stored together or not at all. See {@link approveActivation} for when it is refused.
 */
@Injectable()
export class ActivateVersionUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(ruleId: string, version: number, approver: Performer): Promise<Rule> {
    const rule = await this.rules.findById(ruleId);
    if (!rule) throw Problems.notFound(`The rule ${ruleId}`);
    const now = this.clock.now();
    const planned = approveActivation(rule, version, now, approver, localDateOf(now));
    if (!planned.ok) throw problemOf(planned.refusal);
    const activated = planned.value.find((v) => v.version === version)!;
    const event = this.events.outboxEntry(RuleActivatedV1Event, ruleActivated(rule, activated, now));
    const outbox = await this.rules.activate(
      ruleId,
      { revision: rule.revision, version, previousActive: rule.activeVersion },
      planned.value,
      now,
      event,
    );
    if (!outbox)
      throw Problems.conflict(`The rule ${ruleId} changed while version ${version} was being activated; read it again and retry.`);
    await this.relay.enqueued(RULES_COLLECTION, ruleId, outbox);
    return {
      ...rule,
      versions: planned.value,
      activeVersion: version,
      draftVersion: null,
      approval: null,
      lastRejection: null,
      revision: rule.revision + 1,
      updatedAt: now,
    };
  }
}
