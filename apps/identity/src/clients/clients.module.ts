import { type MiddlewareConsumer, Module, type NestModule, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IdGenerator } from '@insyn/platform';
import { MongooseModule } from '@nestjs/mongoose';
import { KeysModule } from '../keys/keys.module.js';
import { ClientsController } from './clients.controller.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthErrorFilter, TOKEN_PATH } from './oauth-error.filter.js';
import { CLIENT_MODEL, ClientSchema } from './persistence/client.schema.js';
import { ClientsRepository } from './persistence/clients.repository.js';
import { MongoClientsRepository } from './persistence/mongo-clients.repository.js';
import { TokenCorsMiddleware } from './token-cors.middleware.js';
import { BootstrapClientsUseCase } from './usecases/bootstrap-clients/bootstrap-clients.usecase.js';
import { DecideRegistrationUseCase } from './usecases/decide-registration/decide-registration.usecase.js';
import { IssueClientTokenUseCase } from './usecases/issue-client-token/issue-client-token.usecase.js';
import { ListClientAuditUseCase } from './usecases/list-client-audit/list-client-audit.usecase.js';
import { ListClientsUseCase } from './usecases/list-clients/list-clients.usecase.js';
import { RegisterClientUseCase } from './usecases/register-client/register-client.usecase.js';
import { RotateClientSecretUseCase } from './usecases/rotate-client-secret/rotate-client-secret.usecase.js';
import { SetClientDisabledUseCase } from './usecases/set-client-disabled/set-client-disabled.usecase.js';

@Module({
  imports: [KeysModule, MongooseModule.forFeature([{ name: CLIENT_MODEL, schema: ClientSchema }])],
  controllers: [OAuthController, ClientsController],
  providers: [
    { provide: ClientsRepository, useClass: MongoClientsRepository },
    BootstrapClientsUseCase,
    RegisterClientUseCase,
    DecideRegistrationUseCase,
    ListClientsUseCase,
    ListClientAuditUseCase,
    RotateClientSecretUseCase,
    SetClientDisabledUseCase,
    IssueClientTokenUseCase,
  ],
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
