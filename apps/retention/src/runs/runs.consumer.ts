import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PurgeCompletedV1Envelope, PurgeCompletedV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { RecordAnswer } from './usecases/record-answer/record-answer.usecase.js';

/**
 * retention.purge.completed.v1 → the run records the chunk's answer, asks for the next chunk or finishes.
 * Contract checks, the inbox by event id, retries and dead-lettering come with @OnEvent; an answer to an
 * unknown run (another installation's) or a repeated one changes nothing.
 */
@Controller()
export class RunsConsumer {
  constructor(private readonly recordAnswer: RecordAnswer) {}

  @OnEvent(PurgeCompletedV1Event)
  async onPurgeCompleted(@Payload() event: PurgeCompletedV1Envelope): Promise<void> {
    await this.recordAnswer.execute(event.data);
  }
}
