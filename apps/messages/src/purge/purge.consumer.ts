import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PurgeRequestedV1Envelope, PurgeRequestedV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { Units } from '../conversations/domain/units.js';
import { PurgeService } from './purge.service.js';

/**
 * retention.purge.requested.v1 → delete the chunk → retention.purge.completed.v1 (through the outbox). A
 * request for a unit or information type not held here is answered with the reason and nothing deleted.
 */
@Controller()
export class PurgeConsumer {
  constructor(
    private readonly purge: PurgeService,
    private readonly units: Units,
  ) {}

  @OnEvent(PurgeRequestedV1Event)
  async onPurgeRequested(@Payload() event: PurgeRequestedV1Envelope): Promise<void> {
    // The topic is shared by every service that owns data; each takes only its own requests.
    if (event.data.selection.service !== 'messages') return;
    const { unit, informationType } = event.data.selection;
    if (informationType !== 'secure-message') {
      await this.purge.refuse(event.data, `the information type ${informationType} is not held by the messages service`);
    } else if (!this.units.get(unit)) {
      await this.purge.refuse(event.data, `the unit ${unit} is not one of this messages service's units`);
    } else {
      await this.purge.handle(event.data);
    }
  }
}
