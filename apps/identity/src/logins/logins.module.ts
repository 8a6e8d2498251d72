import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EidModule } from '../eid/eid.module.js';
import { OfficialsDirectory } from '../officials/officials-directory.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SithsController } from '../siths/siths.controller.js';
import { SithsService } from '../siths/siths.service.js';
import { SithsStrategy } from '../siths/siths.strategy.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { LoginsController } from './logins.controller.js';
import { LoginsService } from './logins.service.js';
import { LoginRepository } from './persistence/login.repository.js';
import { LOGIN_MODEL, LoginSchema } from './persistence/login.schema.js';
import { EidOrderStrategy } from './strategies/eid-order.strategy.js';

@Module({
  imports: [EidModule, SessionsModule, MongooseModule.forFeature([{ name: LOGIN_MODEL, schema: LoginSchema }])],
  // SithsController first: its `siths` route must win over LoginsController's `:loginId`.
  controllers: [SithsController, LoginsController],
  providers: [LoginRateLimitGuard, LoginRepository, LoginsService, EidOrderStrategy, SithsService, SithsStrategy, OfficialsDirectory],
})
export class LoginsModule {}
