import { type MiddlewareConsumer, Module, type NestModule, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IdGenerator } from '@insyn/platform';
import { MongooseModule } from '@nestjs/mongoose';
import { KeysModule } from '../keys/keys.module.js';
import { CLIENT_MODEL, ClientSchema } from './client.schema.js';
import { ClientsController } from './clients.controller.js';
import { ClientsService } from './clients.service.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthErrorFilter, TOKEN_PATH } from './oauth-error.filter.js';
import { TokenCorsMiddleware } from './token-cors.middleware.js';

@Module({
  imports: [KeysModule, MongooseModule.forFeature([{ name: CLIENT_MODEL, schema: ClientSchema }])],
  controllers: [OAuthController, ClientsController],
  providers: [ClientsService],
})
export class ClientsModule implements OnModuleInit, NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * Body-parser errors happen before routing, so the controller's filter never sees them. Nest registers
   * its own error handler after the init hooks, so this one runs first and answers OAuth-style under
   * /oauth/token, passing everything else on.
   */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.use(new OAuthErrorFilter(this.ids).bodyErrorHandler);
  }

  /** Every method: the browser's preflight is an OPTIONS, which no route answers. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TokenCorsMiddleware).forRoutes({ path: TOKEN_PATH, method: RequestMethod.ALL });
  }
}
