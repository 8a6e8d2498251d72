import { Module } from '@nestjs/common';
import {
  AuditAccessedV1Event,
  ConversationArchivedV1Event,
  ConversationClosedV1Event,
  PurgeCompletedV1Event,
  PurgeRequestedV1Event,
} from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { MessagesEnv } from './config/messages-env.js';
import { ArchivingModule } from './archiving/archiving.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { PurgeModule } from './purge/purge.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'messages',
      env: MessagesEnv,
      events: [ConversationClosedV1Event, ConversationArchivedV1Event, AuditAccessedV1Event, PurgeRequestedV1Event, PurgeCompletedV1Event],
      outboxCollections: ['conversations', 'access_events', 'purges'],
    }),
    ConversationsModule,
    ArchivingModule,
    PurgeModule,
  ],
})
export class AppModule {}
