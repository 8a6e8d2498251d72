import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { hashSecret, newClientSecret } from '../../client-secret.js';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { auditRecord, type ClientView, clientView, isAdminOf } from '../client.js';
import { existingClient, forbidden } from '../client-problems.js';

/**
 * A new secret is a way to act for the client's unit, so only that unit's identity-admin may rotate it.
 * The new secret is shown once, here; the old one stops working at once.
 */
@Injectable()
export class RotateClientSecretUseCase {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(clientId: string, who: Principal): Promise<{ client: ClientView; clientSecret: string }> {
    const current = await existingClient(this.clients, clientId);
    if (!isAdminOf(who, current.unit)) throw forbidden(`Only an identity-admin of ${current.unit} may give ${clientId} a new secret.`);
    const secret = newClientSecret();
    const record = await this.clients.replaceSecret(
      clientId,
      await hashSecret(secret),
      auditRecord(this.ids.next(), this.clock.now(), 'secret-rotated', who, current),
      this.clock.now(),
    );
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return { client: clientView(record), clientSecret: secret };
  }
}
