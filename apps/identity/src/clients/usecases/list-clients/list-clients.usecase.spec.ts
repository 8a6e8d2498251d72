import { describe, expect, it } from '@jest/globals';
import { InMemoryClientsRepository } from '../../persistence/in-memory-clients.repository.js';
import { clientRecord } from '../client.fixtures.js';
import { ListClientsUseCase } from './list-clients.usecase.js';

describe('ListClientsUseCase', () => {
  it('lists every client by id, pending ones included, never a secret, records from before statuses as active', async () => {
    const clients = new InMemoryClientsRepository();
    await clients.insert(clientRecord({ _id: 'school-system', unit: 'utbildning', status: 'pending', filedBy: 'sk1_x' }));
    const legacy = clientRecord();
    delete legacy.status;
    await clients.insert(legacy);
    const listed = await new ListClientsUseCase(clients).execute();
    expect(listed.map((c) => [c.clientId, c.status])).toEqual([
      ['case-system-soc', 'active'],
      ['school-system', 'pending'],
    ]);
    expect(JSON.stringify(listed)).not.toContain('secretHash');
    expect(JSON.stringify(listed)).not.toContain('scrypt');
  });
});
