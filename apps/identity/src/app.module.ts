import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import cookieParser from 'cookie-parser';
import { AssertionsModule } from './assertions/assertions.module.js';
import { ClientsModule } from './clients/clients.module.js';
import { IdentityEnv } from './config/identity-env.js';
import { KeysModule } from './keys/keys.module.js';
import { LoginsModule } from './logins/logins.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { SignOrdersModule } from './signatures/sign-orders.module.js';
import { SithsModule } from './siths/siths.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'identity',
      env: IdentityEnv,
      events: [IdentitySignedInV1Event],
      outboxCollections: ['sessions', 'clients'],
    }),
    KeysModule,
    // Before LoginsModule: `GET /v1/logins/siths` must be routed to SITHS, not taken as a login id.
    SithsModule,
    LoginsModule,
    SessionsModule,
    ClientsModule,
    SignOrdersModule,
    AssertionsModule,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(cookieParser()).forRoutes('*path');
  }
}
