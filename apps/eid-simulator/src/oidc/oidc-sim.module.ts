import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { TestUsers } from '../control/test-users.js';
import { OidcClients } from './oidc-clients.js';
import { OidcControlController } from './oidc-control.controller.js';
import { oidcRouter } from './oidc-interaction.router.js';
import { SithsIdp } from './siths-idp.js';
import { OIDC_MOUNT } from './siths-provider.js';

/**
 * OpenID Connect provider standing in for Inera's SITHS IdP, mounted under /oidc on the HTTP listener
 * (oidc-provider is a Koa app; its callback() runs inside express, after the interaction routes).
 */
@Module({
  controllers: [OidcControlController],
  providers: [OidcClients, SithsIdp],
})
export class OidcSimModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly idp: SithsIdp,
    private readonly users: TestUsers,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<Express>();
    app?.use(
      OIDC_MOUNT,
      oidcRouter(() => this.idp.get(), this.users),
    );
  }
}
