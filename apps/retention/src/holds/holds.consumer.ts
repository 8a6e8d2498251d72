import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RightsRequestClosedV1Envelope,
  RightsRequestClosedV1Event,
  RightsRequestOpenedV1Envelope,
  RightsRequestOpenedV1Event,
} from '@insyn/contracts';
import { OnEvent, PermanentEventError } from '@insyn/messaging';
import { HoldForRightsRequest } from './usecases/hold-for-rights-request/hold-for-rights-request.usecase.js';
import { ReleaseForClosedRequest } from './usecases/release-for-closed-request/release-for-closed-request.usecase.js';

/**
 * rights.request.opened.v1 → an automatic person hold until the request is answered;
 * rights.request.closed.v1 → that hold released. Contract checks,
 * the inbox by event id, retries and dead-lettering come with @OnEvent; the use case is idempotent by
 * request id, so the same request published twice (under two event ids) still makes one hold.
 */
@Controller()
export class HoldsConsumer {
  constructor(
    private readonly holdForRequest: HoldForRightsRequest,
    private readonly releaseForClosed: ReleaseForClosedRequest,
  ) {}

  @OnEvent(RightsRequestOpenedV1Event)
  async onRightsRequestOpened(@Payload() event: RightsRequestOpenedV1Envelope): Promise<void> {
    // Two different people in one event is a producer bug no retry mends (the message names neither key).
    if (event.subjectKey !== undefined && event.subjectKey !== event.data.subjectKey)
      throw new PermanentEventError('the envelope’s subjectKey differs from data.subjectKey');
    await this.holdForRequest.execute(event.data, { kind: 'system', id: event.source });
  }

  @OnEvent(RightsRequestClosedV1Event)
  async onRightsRequestClosed(@Payload() event: RightsRequestClosedV1Envelope): Promise<void> {
    await this.releaseForClosed.execute(event.data, { kind: 'system', id: event.source });
  }
}
