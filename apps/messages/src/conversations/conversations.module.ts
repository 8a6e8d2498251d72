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
import { ClosedConversations } from './domain/closed-conversations.js';
import { Units } from './domain/units.js';
import { ConversationKeys } from './persistence/conversation-keys.js';
import { ConversationRepository } from './persistence/conversation.repository.js';
import { CloseConversation } from './usecases/close-conversation/close-conversation.usecase.js';
import { ConfirmInaktuell } from './usecases/confirm-inaktuell/confirm-inaktuell.usecase.js';
import { DownloadAttachment } from './usecases/download-attachment/download-attachment.usecase.js';
import { ListConversations } from './usecases/list-conversations/list-conversations.usecase.js';
import { ListUnits } from './usecases/list-units/list-units.usecase.js';
import { OpenConversation } from './usecases/open-conversation/open-conversation.usecase.js';
import { ReadConversation } from './usecases/read-conversation/read-conversation.usecase.js';
import { ReplyToConversation } from './usecases/reply-to-conversation/reply-to-conversation.usecase.js';
import { ContactNotices } from './usecases/shared/contact-notices.js';
import { ConversationAccess } from './usecases/shared/conversation-access.js';
import { ConversationCreator } from './usecases/shared/conversation-creator.js';
import { ConversationPresenter } from './usecases/shared/conversation-presenter.js';
import { MessageSealer } from './usecases/shared/message-sealer.js';
import { StartConversation } from './usecases/start-conversation/start-conversation.usecase.js';
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
    OpenConversation,
    StartConversation,
    ListUnits,
    ListConversations,
    ReadConversation,
    DownloadAttachment,
    ReplyToConversation,
    CloseConversation,
    ConfirmInaktuell,
    ConversationCreator,
    ConversationAccess,
    ConversationPresenter,
    MessageSealer,
    ContactNotices,
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
