import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MessageReceivedV1Envelope, MessageReceivedV1Event } from '@insyn/contracts';
import { OnEvent } from '@insyn/messaging';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhooksService } from './webhooks.service.js';

/** messages.message.received.v1 → a delivery to each of the unit's webhooks (once per event and webhook). */
@Controller()
export class WebhooksConsumer {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  @OnEvent(MessageReceivedV1Event)
  async onMessageReceived(@Payload() event: MessageReceivedV1Envelope): Promise<void> {
    if ((await this.webhooks.enqueue(event)) > 0) this.dispatcher.kick();
  }
}
