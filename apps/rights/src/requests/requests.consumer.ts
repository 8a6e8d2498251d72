import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RightsRequestPartV1Envelope, RightsRequestPartV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { RecordPartUseCase } from './usecases/record-part/record-part.usecase.js';

/**
 * rights.request.part.v1 → the part recorded with its request. Contract checks, the inbox by event id,
 * retries and dead-lettering come with @OnEvent; the use case is idempotent by request and service.
 */
@Controller()
export class RequestsConsumer {
  constructor(private readonly recordPart: RecordPartUseCase) {}

  @OnEvent(RightsRequestPartV1Event)
  async onPart(@Payload() event: RightsRequestPartV1Envelope): Promise<void> {
    await this.recordPart.execute(event.data, { eventId: event.id, ...(event.subjectKey ? { subjectKey: event.subjectKey } : {}) });
  }
}
