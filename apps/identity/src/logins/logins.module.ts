import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EidModule } from '../eid/eid.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { LoginRateLimitGuard, LoginStartWindows } from './login-rate-limit.guard.js';
import { LoginsController } from './logins.controller.js';
import { LoginsService } from './logins.service.js';
import { LoginRepository } from './persistence/login.repository.js';
import { LOGIN_MODEL, LoginSchema } from './persistence/login.schema.js';
import { EidOrderStrategy } from './strategies/eid-order.strategy.js';

/** BankID and Freja sign-ins. Exports the logins' repository and the rate limit's counts for the SITHS sign-in (SithsModule). */
@Module({
  imports: [EidModule, SessionsModule, MongooseModule.forFeature([{ name: LOGIN_MODEL, schema: LoginSchema }])],
  controllers: [LoginsController],
  providers: [LoginStartWindows, LoginRateLimitGuard, LoginRepository, LoginsService, EidOrderStrategy],
  exports: [LoginRepository, LoginStartWindows],
})
export class LoginsModule {}
