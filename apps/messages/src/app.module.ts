import { Module } from '@nestjs/common';
import { AuditAccessedV1Event, ConversationArchivedV1Event, ConversationClosedV1Event } from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { MessagesEnv } from './config/messages-env.js';
import { ConversationsModule } from './conversations/conversations.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'messages',
      env: MessagesEnv,
      events: [ConversationClosedV1Event, ConversationArchivedV1Event, AuditAccessedV1Event],
      outboxCollections: ['conversations', 'access_events'],
    }),
    ConversationsModule,
  ],
})
export class AppModule {}
