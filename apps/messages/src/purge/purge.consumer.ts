import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PurgeRequestedV1Envelope, PurgeRequestedV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { PurgeService } from './purge.service.js';

/** retention.purge.requested.v1 → delete the chunk → retention.purge.completed.v1 (through the outbox). */
@Controller()
export class PurgeConsumer {
  private readonly logger = new Logger(PurgeConsumer.name);

  constructor(private readonly purge: PurgeService) {}

  @OnEvent(PurgeRequestedV1Event)
  async onPurgeRequested(@Payload() event: PurgeRequestedV1Envelope): Promise<void> {
    // The topic is shared by every service that owns data; each takes only its own requests.
    if (event.data.selection.service !== 'messages') return;
    if (event.data.selection.informationType !== 'secure-message') {
      this.logger.warn(
        `purge ${event.data.requestId}: information type ${event.data.selection.informationType} is not held here; answering with nothing deleted`,
      );
    }
    await this.purge.handle(event.data);
  }
}
