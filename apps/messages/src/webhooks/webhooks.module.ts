import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { WebhookRepository } from './persistence/webhook.repository.js';
import { WEBHOOK_DELIVERY_MODEL, WEBHOOK_MODEL, WebhookDeliverySchema, WebhookSchema } from './persistence/webhook.schema.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhooksConsumer } from './webhooks.consumer.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks for business systems outside the platform: registered per unit, fed by messages.message.received.v1. */
@Module({
  imports: [
    ConversationsModule,
    MongooseModule.forFeature([
      { name: WEBHOOK_MODEL, schema: WebhookSchema },
      { name: WEBHOOK_DELIVERY_MODEL, schema: WebhookDeliverySchema },
    ]),
  ],
  controllers: [WebhooksController, WebhooksConsumer],
  providers: [WebhookRepository, WebhooksService, WebhookDispatcher],
})
export class WebhooksModule {}
