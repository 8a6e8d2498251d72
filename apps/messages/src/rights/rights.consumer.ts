import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RightsRequestOpenedV1Envelope, RightsRequestOpenedV1Event } from '@insyn/contracts';
import { OnEvent, PermanentEventError } from '@insyn/messaging';
import { AnswerRightsRequest } from './usecases/answer-rights-request/answer-rights-request.usecase.js';

/**
 * rights.request.opened.v1 → this service's part of the answer (rights.request.part.v1, through the
 * outbox). Contract checks, the inbox by event id, retries and dead-lettering come with @OnEvent; the
 * use case makes the answer idempotent by request id, so the same request sent twice is answered once.
 */
@Controller()
export class RightsConsumer {
  constructor(private readonly answer: AnswerRightsRequest) {}

  @OnEvent(RightsRequestOpenedV1Event)
  async onRightsRequestOpened(@Payload() event: RightsRequestOpenedV1Envelope): Promise<void> {
    // The envelope names the person too; two different people in one event is a producer bug that no
    // retry mends. (The message names neither key.)
    if (event.subjectKey !== undefined && event.subjectKey !== event.data.subjectKey)
      throw new PermanentEventError('the envelope’s subjectKey differs from data.subjectKey');
    await this.answer.execute(event.data);
  }
}
