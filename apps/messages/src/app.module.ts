import { Module } from '@nestjs/common';
import {
  AuditAccessedV1Event,
  ConversationArchivedV1Event,
  ConversationClosedV1Event,
  ConversationInaktuellV1Event,
  MessageReceivedV1Event,
  PurgeCompletedV1Event,
  PurgeRequestedV1Event,
  RightsRequestOpenedV1Event,
  RightsRequestPartV1Event,
} from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { MessagesEnv } from './config/messages-env.js';
import { ArchivingModule } from './archiving/archiving.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { PurgeModule } from './purge/purge.module.js';
import { RightsModule } from './rights/rights.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'messages',
      env: MessagesEnv,
      events: [
        ConversationClosedV1Event,
        ConversationInaktuellV1Event,
        ConversationArchivedV1Event,
        MessageReceivedV1Event,
        AuditAccessedV1Event,
        PurgeRequestedV1Event,
        PurgeCompletedV1Event,
        RightsRequestOpenedV1Event,
        RightsRequestPartV1Event,
      ],
      outboxCollections: ['conversations', 'access_events', 'purges', 'rights_answers'],
    }),
    ConversationsModule,
    ArchivingModule,
    PurgeModule,
    RightsModule,
    WebhooksModule,
  ],
})
export class AppModule {}
