import { HttpStatus } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import type { ClientsRepository, StoredClient } from '../persistence/clients.repository.js';

export const forbidden = (detail: string) => new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', detail);

/** The client, or 404. */
export async function existingClient(clients: ClientsRepository, clientId: string): Promise<StoredClient> {
  const record = await clients.findById(clientId);
  if (!record) throw Problems.notFound(`Client ${clientId}`);
  return record;
}
