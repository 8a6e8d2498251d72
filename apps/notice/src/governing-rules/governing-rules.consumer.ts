import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RuleActivatedV1Envelope, RuleActivatedV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { RecordRuleActivationUseCase } from './usecases/record-activation/record-activation.usecase.js';

/**
 * retention.rule.activated.v1 → the notice service's copy of the rule. Contract checks (a bad event
 * goes to the dead letter at once), the inbox by event id, retries and dead-lettering come with
 * @OnEvent; the use case itself is idempotent by rule version.
 */
@Controller()
export class GoverningRulesConsumer {
  constructor(private readonly recordActivation: RecordRuleActivationUseCase) {}

  @OnEvent(RuleActivatedV1Event)
  async onRuleActivated(@Payload() event: RuleActivatedV1Envelope): Promise<void> {
    await this.recordActivation.execute(event.data, event.id);
  }
}
