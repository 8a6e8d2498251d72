import { Injectable } from '@nestjs/common';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { type ClientView, clientView } from '../client.js';

/** The registered systems (never their secrets), pending and refused ones included, ordered by id. */
@Injectable()
export class ListClientsUseCase {
  constructor(private readonly clients: ClientsRepository) {}

  async execute(): Promise<ClientView[]> {
    return (await this.clients.list()).map(clientView);
  }
}
