import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type Provider from 'oidc-provider';
import { TestUsers } from '../control/test-users.js';
import { SIMULATOR_URLS, type SimulatorUrls } from '../simulator-urls.js';
import { OidcClients } from './oidc-clients.js';
import { createSithsProvider, OIDC_MOUNT } from './siths-provider.js';

/**
 * The provider is made on first use: its issuer is `${httpUrl}/oidc`, and httpUrl (PUBLIC_URL, or the
 * listener's address when PORT=0) is only known once the simulator listens.
 */
@Injectable()
export class SithsIdp {
  private provider?: Promise<Provider>;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly clients: OidcClients,
    private readonly users: TestUsers,
  ) {}

  issuer(): string {
    const urls = this.moduleRef.get<SimulatorUrls>(SIMULATOR_URLS, { strict: false });
    if (!urls.httpUrl) throw new ServiceUnavailableException('The simulator is not listening yet');
    return `${urls.httpUrl.replace(/\/+$/, '')}${OIDC_MOUNT}`;
  }

  get(): Promise<Provider> {
    if (!this.provider) {
      this.provider = createSithsProvider(this.issuer(), this.clients, this.users);
      this.provider.catch(() => (this.provider = undefined));
    }
    return this.provider;
  }
}
