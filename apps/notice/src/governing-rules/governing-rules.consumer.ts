import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RuleActivatedV1Envelope, RuleActivatedV1Event, RuleRetiredV1Envelope, RuleRetiredV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { RecordRuleActivationUseCase } from './usecases/record-activation/record-activation.usecase.js';
import { RecordRuleRetirementUseCase } from './usecases/record-retirement/record-retirement.usecase.js';

/**
 * retention.rule.activated.v1 and retention.rule.retired.v1 → the notice service's copy of the rule.
 * Contract checks (a bad event goes to the dead letter at once), the inbox by event id, retries and
 * dead-lettering come with @OnEvent; the use cases themselves are idempotent (by rule version; a
 * retirement is kept once).
 */
@Controller()
export class GoverningRulesConsumer {
  constructor(
    private readonly recordActivation: RecordRuleActivationUseCase,
    private readonly recordRetirement: RecordRuleRetirementUseCase,
  ) {}

  @OnEvent(RuleActivatedV1Event)
  async onRuleActivated(@Payload() event: RuleActivatedV1Envelope): Promise<void> {
    await this.recordActivation.execute(event.data, event.id);
  }

  @OnEvent(RuleRetiredV1Event)
  async onRuleRetired(@Payload() event: RuleRetiredV1Envelope): Promise<void> {
    await this.recordRetirement.execute(event.data, event.id);
  }
}
