import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { auditRecord, type ClientView, clientView, statusOf } from '../client.js';
import { existingClient, forbidden } from '../client-problems.js';

/**
 * A second identity-admin, not the one who filed it, decides on a pending registration: approved, it may
 * get tokens; refused, it never gets tokens and its id stays taken.
 */
@Injectable()
export class DecideRegistrationUseCase {
  private readonly logger = new Logger(DecideRegistrationUseCase.name);

  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  approve(clientId: string, who: Principal): Promise<ClientView> {
    return this.decide(clientId, who, 'approved');
  }

  refuse(clientId: string, who: Principal, reason: string): Promise<ClientView> {
    return this.decide(clientId, who, 'refused', reason);
  }

  private async decide(clientId: string, who: Principal, action: 'approved' | 'refused', reason?: string): Promise<ClientView> {
    const current = await existingClient(this.clients, clientId);
    if (statusOf(current) !== 'pending') throw Problems.conflict(`Client ${clientId} is not waiting for approval.`);
    if (current.filedBy === who.subject)
      throw forbidden(`You filed the registration of ${clientId}; another identity-admin must decide on it.`);
    const record = await this.clients.decide(
      clientId,
      who.subject,
      action === 'approved' ? 'active' : 'refused',
      auditRecord(this.ids.next(), this.clock.now(), action, who, current, reason),
      this.clock.now(),
    );
    if (!record) throw Problems.conflict(`Client ${clientId} was decided on by someone else meanwhile.`);
    this.logger.log(`client ${clientId} ${action}`);
    return clientView(record);
  }
}
