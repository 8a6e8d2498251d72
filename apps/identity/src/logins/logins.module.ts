import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { ThrottlerModule } from '@nestjs/throttler';
import type { IdentityEnv } from '../config/identity-env.js';
import { EidModule } from '../eid/eid.module.js';
import { OfficialsDirectory } from '../officials/officials-directory.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SithsController } from '../siths/siths.controller.js';
import { SithsService } from '../siths/siths.service.js';
import { SithsStrategy } from '../siths/siths.strategy.js';
import { LoginsController } from './logins.controller.js';
import { LoginsService } from './logins.service.js';
import { LoginRepository } from './persistence/login.repository.js';
import { LOGIN_MODEL, LoginSchema } from './persistence/login.schema.js';
import { EidOrderStrategy } from './strategies/eid-order.strategy.js';

@Module({
  imports: [
    EidModule,
    SessionsModule,
    MongooseModule.forFeature([{ name: LOGIN_MODEL, schema: LoginSchema }]),
    // Login starts per client IP (in memory, per instance: with N replicas the limit is up to N times this).
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<IdentityEnv, true>) => ({
        throttlers: [{ name: 'login-start', ttl: 60_000, limit: config.get('LOGIN_RATE_LIMIT', { infer: true }) }],
      }),
    }),
  ],
  // SithsController first: its `siths` route must win over LoginsController's `:loginId`.
  controllers: [SithsController, LoginsController],
  providers: [LoginRepository, LoginsService, EidOrderStrategy, SithsService, SithsStrategy, OfficialsDirectory],
})
export class LoginsModule {}
