import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@insyn/platform';
import type { IdentityEnv } from '../../../config/identity-env.js';
import { BROWSER_CLIENT_ID } from '../../../keys/token-issuer.js';
import { hashSecret, verifySecret } from '../../client-secret.js';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { CLIENT_ID, SCOPE } from '../client.js';

/** Creates or updates the clients listed in IDENTITY_BOOTSTRAP_CLIENTS (first installation, development, tests), at start. */
@Injectable()
export class BootstrapClientsUseCase implements OnModuleInit {
  private readonly logger = new Logger(BootstrapClientsUseCase.name);

  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  onModuleInit(): Promise<void> {
    return this.execute();
  }

  async execute(): Promise<void> {
    const raw = this.config.get('IDENTITY_BOOTSTRAP_CLIENTS', { infer: true });
    if (!raw) return;
    const list = JSON.parse(raw) as { clientId: string; secret: string; scopes: string[]; unit: string; name?: string }[];
    for (const c of list) {
      if (!CLIENT_ID.test(c.clientId) || c.clientId === BROWSER_CLIENT_ID || c.secret.length < 16 || !c.scopes.every((s) => SCOPE.test(s)))
        throw new Error(
          `IDENTITY_BOOTSTRAP_CLIENTS: ${c.clientId} needs a client id like "case-system" (not ${BROWSER_CLIENT_ID}), a secret of 16+ characters and scopes like "messages:send"`,
        );
      const existing = await this.clients.findById(c.clientId);
      if (existing && (await verifySecret(c.secret, existing.secretHash)) && sameSet(existing.scopes, c.scopes) && existing.unit === c.unit)
        continue;
      await this.clients.upsertBootstrap(
        { clientId: c.clientId, name: c.name ?? c.clientId, secretHash: await hashSecret(c.secret), scopes: c.scopes, unit: c.unit },
        this.clock.now(),
      );
      this.logger.log(`client ${c.clientId} registered from IDENTITY_BOOTSTRAP_CLIENTS`);
    }
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
