import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ValidationPipe } from '@nestjs/common';
import { ProblemDetailsFilter, validationExceptionFactory } from '@insyn/observability';
import { PlatformModule, validateEnv } from '@insyn/platform';
import { BankIdSimModule } from './bankid/bankid-sim.module.js';
import { SimulatorEnv } from './config/simulator-env.js';
import { ControlModule } from './control/control.module.js';
import { SimulatorSharedModule } from './control/shared.module.js';
import { FrejaSimModule } from './freja/freja-sim.module.js';
import { OidcSimModule } from './oidc/oidc-sim.module.js';
import { SIMULATOR_URLS, SimulatorUrls } from './simulator-urls.js';
import { SimulatorHealthController } from './simulator-health.controller.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(SimulatorEnv), cache: true }),
    PlatformModule,
    SimulatorSharedModule,
    BankIdSimModule,
    FrejaSimModule,
    OidcSimModule,
    ControlModule,
  ],
  controllers: [SimulatorHealthController],
  providers: [
    { provide: SIMULATOR_URLS, useValue: new SimulatorUrls() },
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        exceptionFactory: validationExceptionFactory,
      }),
    },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
  exports: [SIMULATOR_URLS],
})
export class AppModule {}
