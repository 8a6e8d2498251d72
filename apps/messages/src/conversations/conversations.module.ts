import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { MessagesEnv } from '../config/messages-env.js';
import { KeysModule } from '../keys/keys.module.js';
import { NotificationTemplates } from '../notifications/notification-templates.js';
import { LogNotifier, Notifier } from '../notifications/notifier.js';
import { WebhookNotifier } from '../notifications/webhook-notifier.js';
import { ConversationsController } from './conversations.controller.js';
import { UnitsController } from './units.controller.js';
import { ConversationsCommands } from './conversations.commands.js';
import { ConversationsQuery } from './conversations.query.js';
import { ConversationsService } from './conversations.service.js';
import { ClosedConversations } from './domain/closed-conversations.js';
import { Units } from './domain/units.js';
import { ConversationKeys } from './persistence/conversation-keys.js';
import { ConversationRepository } from './persistence/conversation.repository.js';
import { ConfirmInaktuell } from './usecases/confirm-inaktuell/confirm-inaktuell.usecase.js';
import { RekeySubjectsUseCase } from './usecases/rekey-subjects/rekey-subjects.usecase.js';
import { RewrapDataKeysUseCase } from './usecases/rewrap-data-keys/rewrap-data-keys.usecase.js';
import {
  ACCESS_EVENT_MODEL,
  AccessEventSchema,
  ATTACHMENT_MODEL,
  AttachmentSchema,
  CONVERSATION_MODEL,
  ConversationSchema,
  DATA_KEY_MODEL,
  DataKeySchema,
  MESSAGE_MODEL,
  MessageSchema,
} from './persistence/conversation.schema.js';

@Module({
  imports: [
    KeysModule,
    MongooseModule.forFeature([
      { name: CONVERSATION_MODEL, schema: ConversationSchema },
      { name: MESSAGE_MODEL, schema: MessageSchema },
      { name: ATTACHMENT_MODEL, schema: AttachmentSchema },
      { name: DATA_KEY_MODEL, schema: DataKeySchema },
      { name: ACCESS_EVENT_MODEL, schema: AccessEventSchema },
    ]),
  ],
  controllers: [ConversationsController, UnitsController],
  providers: [
    ConversationsService,
    ConfirmInaktuell,
    RewrapDataKeysUseCase,
    RekeySubjectsUseCase,
    ConversationRepository,
    ConversationsQuery,
    ConversationsCommands,
    ConversationKeys,
    Units,
    ClosedConversations,
    NotificationTemplates,
    {
      provide: Notifier,
      inject: [ConfigService],
      useFactory: (config: ConfigService<MessagesEnv, true>) =>
        config.get('NOTIFIER', { infer: true }) === 'webhook'
          ? new WebhookNotifier({ url: config.get('NOTIFIER_URL', { infer: true }), token: config.get('NOTIFIER_TOKEN', { infer: true }) })
          : new LogNotifier(),
    },
  ],
  // The collections are this module's alone: gallring, archiving and data-subject requests read and change
  // conversations through its ports (ConversationsQuery, ConversationsCommands), and decrypt with its keys.
  exports: [ConversationsQuery, ConversationsCommands, ConversationKeys, Units, ClosedConversations],
})
export class ConversationsModule {}
