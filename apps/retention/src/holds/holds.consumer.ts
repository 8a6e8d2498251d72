import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RightsRequestOpenedV1Envelope, RightsRequestOpenedV1Event } from '@insyn/contracts';
import { OnEvent, PermanentEventError } from '@insyn/messaging';
import { HoldForRightsRequest } from './usecases/hold-for-rights-request/hold-for-rights-request.usecase.js';

/**
 * rights.request.opened.v1 → an automatic person hold until the request is answered. Contract checks,
 * the inbox by event id, retries and dead-lettering come with @OnEvent; the use case is idempotent by
 * request id, so the same request published twice (under two event ids) still makes one hold.
 */
@Controller()
export class HoldsConsumer {
  constructor(private readonly holdForRequest: HoldForRightsRequest) {}

  @OnEvent(RightsRequestOpenedV1Event)
  async onRightsRequestOpened(@Payload() event: RightsRequestOpenedV1Envelope): Promise<void> {
    // Two different people in one event is a producer bug no retry mends (the message names neither key).
    if (event.subjectKey !== undefined && event.subjectKey !== event.data.subjectKey)
      throw new PermanentEventError('the envelope’s subjectKey differs from data.subjectKey');
    await this.holdForRequest.execute(event.data, { kind: 'system', id: event.source });
  }
}
