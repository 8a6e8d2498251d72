import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HTML_ERROR_PAGES } from '@insyn/observability';
import { ServiceKitModule } from '@insyn/service-kit';
import cookieParser from 'cookie-parser';
import { ApiClient } from './backends/api.client.js';
import { IdentityClient } from './backends/identity.client.js';
import { PortalEnv } from './config/portal-env.js';
import { LoginController, LogoutController } from './pages/login/login.controller.js';
import { SignInService } from './pages/login/sign-in.service.js';
import { MessagesController } from './pages/messages/messages.controller.js';
import { NewConversationController } from './pages/messages/new-conversation.controller.js';
import { MineController } from './pages/mine/mine.controller.js';
import { NoticeEditorPageController } from './pages/notices/notice-editor.controller.js';
import { NoticePages } from './pages/notices/notice-pages.js';
import { NoticePreviewPageController } from './pages/notices/notice-preview.controller.js';
import { NoticesPageController } from './pages/notices/notices.controller.js';
import { GallringHoldsController } from './pages/gallring/holds.controller.js';
import { GallringProtocolController } from './pages/gallring/protocol.controller.js';
import { GallringRuleEditorController } from './pages/gallring/rule-editor.controller.js';
import { GallringRulesController } from './pages/gallring/rules.controller.js';
import { OfficialLoginController } from './pages/official/official-login.controller.js';
import { QueuePageController } from './pages/official/queue.controller.js';
import { UnitMessagesController } from './pages/official/unit-messages.controller.js';
import { AccessLogPageController } from './pages/rights/access-log.controller.js';
import { ConsentsPageController } from './pages/rights/consents.controller.js';
import { ReceiptCheckController } from './pages/rights/receipt-check.controller.js';
import { RequestsPageController } from './pages/rights/requests.controller.js';
import { SessionsController } from './pages/sessions/sessions.controller.js';
import { AssetsController } from './pages/start/assets.controller.js';
import { StartController, ThemeController } from './pages/start/start.controller.js';
import { BrowserSessions } from './session/browser-sessions.js';
import { BrowserSessionRepository } from './session/persistence/browser-session.repository.js';
import { BROWSER_SESSION_MODEL, BrowserSessionSchema } from './session/persistence/browser-session.schema.js';
import { htmlErrorPages } from './web/error-pages.js';
import { PageMiddleware } from './web/page.middleware.js';
import { PortalTheme } from './web/theme.js';
import { Views } from './web/views.js';

/** What every page needs: the views, the theme, browser sessions, the backends; and errors as pages. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: BROWSER_SESSION_MODEL, schema: BrowserSessionSchema }])],
  providers: [
    PortalTheme,
    Views,
    BrowserSessionRepository,
    BrowserSessions,
    IdentityClient,
    ApiClient,
    SignInService,
    { provide: HTML_ERROR_PAGES, useFactory: htmlErrorPages, inject: [Views] },
  ],
  exports: [PortalTheme, Views, BrowserSessions, IdentityClient, ApiClient, SignInService, HTML_ERROR_PAGES],
})
export class PortalWebModule {}

@Module({
  imports: [ServiceKitModule.forRoot({ service: 'portal', env: PortalEnv, events: [], outboxCollections: [] }), PortalWebModule],
  controllers: [
    StartController,
    ThemeController,
    AssetsController,
    LoginController,
    LogoutController,
    MineController,
    // Before MessagesController: /meddelanden/nytt is not a conversation id.
    NewConversationController,
    MessagesController,
    SessionsController,
    ConsentsPageController,
    RequestsPageController,
    AccessLogPageController,
    ReceiptCheckController,
    OfficialLoginController,
    QueuePageController,
    UnitMessagesController,
    GallringRulesController,
    GallringRuleEditorController,
    GallringProtocolController,
    GallringHoldsController,
    NoticesPageController,
    NoticeEditorPageController,
    NoticePreviewPageController,
  ],
  providers: [NoticePages],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(cookieParser(), PageMiddleware)
      .exclude('health', 'metrics', 'openapi.json', 'docs', 'docs/{*path}', 'assets/{*path}', 'theme.css')
      .forRoutes('{*path}');
  }
}
