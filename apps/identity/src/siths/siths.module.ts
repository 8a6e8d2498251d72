import { Module } from '@nestjs/common';
import { LoginsModule } from '../logins/logins.module.js';
import { OfficialsDirectory } from '../officials/officials-directory.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SithsController } from './siths.controller.js';
import { SithsService } from './siths.service.js';
import { SithsStrategy } from './siths.strategy.js';

/**
 * Officials' sign-in with SITHS eID (OpenID Connect through Inera's IdP). Its logins are stored with the
 * e-ID logins (LoginsModule's repository and rate limit); the session is made by SessionsModule.
 *
 * AppModule imports this module before LoginsModule, so `GET /v1/logins/siths` is routed here before
 * LoginsController's `GET /v1/logins/:loginId` could take it.
 */
@Module({
  imports: [LoginsModule, SessionsModule],
  controllers: [SithsController],
  providers: [SithsService, SithsStrategy, OfficialsDirectory],
})
export class SithsModule {}
