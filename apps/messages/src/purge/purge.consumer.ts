import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PurgeRequestedV1Envelope, PurgeRequestedV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { Units } from '../conversations/domain/units.js';
import { triggerField } from '../conversations/domain/purge-selection.js';
import { PurgeService } from './purge.service.js';

/**
 * retention.purge.requested.v1 → delete the chunk → retention.purge.completed.v1 (through the outbox). A
 * request for a unit this installation does not hold is left to the one that does; a request for an
 * information type the service does not hold is answered with the reason and nothing deleted.
 */
@Controller()
export class PurgeConsumer {
  private readonly logger = new Logger(PurgeConsumer.name);

  constructor(
    private readonly purge: PurgeService,
    private readonly units: Units,
  ) {}

  @OnEvent(PurgeRequestedV1Event)
  async onPurgeRequested(@Payload() event: PurgeRequestedV1Envelope): Promise<void> {
    // The topic is shared by every service that owns data; each takes only its own requests.
    if (event.data.selection.service !== 'messages') return;
    const { unit, informationType } = event.data.selection;
    // Another installation of the service may hold the unit (one per group of units on a shared broker):
    // the request is its to answer.
    if (!this.units.get(unit)) {
      this.logger.warn(`purge ${event.data.requestId}: the unit ${unit} is not held here; left to the installation that holds it`);
    } else if (informationType !== 'secure-message') {
      await this.purge.refuse(event.data, `the information type ${informationType} is not held by the messages service`);
    } else if (!triggerField(event.data.selection)) {
      await this.purge.refuse(event.data, `the messages service cannot select by the trigger ${event.data.selection.trigger}`);
    } else {
      await this.purge.handle(event.data);
    }
  }
}
