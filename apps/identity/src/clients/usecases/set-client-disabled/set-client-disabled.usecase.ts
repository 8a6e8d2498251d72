import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { auditRecord, type ClientView, clientView, isAdminOf } from '../client.js';
import { existingClient, forbidden } from '../client-problems.js';

/**
 * Any identity-admin may disable a client (stopping a misused system must not wait); re-enabling one
 * takes an identity-admin of its unit. Tokens already issued expire on their own.
 */
@Injectable()
export class SetClientDisabledUseCase {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(clientId: string, disabled: boolean, who: Principal): Promise<ClientView> {
    const current = await existingClient(this.clients, clientId);
    if (!disabled && !isAdminOf(who, current.unit)) throw forbidden(`Only an identity-admin of ${current.unit} may re-enable ${clientId}.`);
    const record = await this.clients.setDisabled(
      clientId,
      disabled,
      auditRecord(this.ids.next(), this.clock.now(), disabled ? 'disabled' : 'enabled', who, current),
      this.clock.now(),
    );
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return clientView(record);
  }
}
