import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessGuard, InsynBearerStrategy } from './access.guard.js';
import { AUTH_OPTIONS, type AuthOptions, TokenVerifier } from './token-verifier.js';

/** Token verification and the global access guard (every route declares its policy). */
@Global()
@Module({})
export class AuthModule {
  static forRootAsync(options: {
    inject?: (abstract new (...args: never[]) => unknown)[];
    useFactory: (...args: never[]) => AuthOptions;
  }): DynamicModule {
    return {
      module: AuthModule,
      imports: [DiscoveryModule, PassportModule],
      providers: [
        { provide: AUTH_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        TokenVerifier,
        InsynBearerStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
