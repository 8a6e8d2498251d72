import { Injectable } from '@nestjs/common';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { type ClientAuditView, auditView } from '../client.js';

/** The audit trail of every client (or one), newest first: who did what, when, to which client, unit and scopes. */
@Injectable()
export class ListClientAuditUseCase {
  constructor(private readonly clients: ClientsRepository) {}

  async execute(filter: { clientId?: string; unit?: string }, limit: number): Promise<ClientAuditView[]> {
    const trails = await this.clients.auditTrails(filter);
    return trails
      .flatMap((t) => t.audit.map((a) => auditView(t.clientId, a)))
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .slice(0, limit);
  }
}
