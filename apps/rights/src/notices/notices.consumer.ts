import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NoticePublishedV1Envelope, NoticePublishedV1Event, NoticeWithdrawnV1Envelope, NoticeWithdrawnV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { RecordNoticeUseCase } from './usecases/record-notice/record-notice.usecase.js';

/**
 * notice.published.v1 / notice.withdrawn.v1 → the terms this service works by: which requests each
 * notice's legal bases give, and which purposes rest on consent. Contract checks, the inbox by event id,
 * retries and dead-lettering come with @OnEvent.
 */
@Controller()
export class NoticesConsumer {
  constructor(private readonly record: RecordNoticeUseCase) {}

  @OnEvent(NoticePublishedV1Event)
  async onPublished(@Payload() event: NoticePublishedV1Envelope): Promise<void> {
    await this.record.published(event.data);
  }

  @OnEvent(NoticeWithdrawnV1Event)
  async onWithdrawn(@Payload() event: NoticeWithdrawnV1Envelope): Promise<void> {
    await this.record.withdrawn(event.data);
  }
}
