import { beforeEach, describe, expect, it } from '@jest/globals';
import { Clock, type IdGenerator } from '@insyn/platform';
import { problemOf } from '@insyn/testing';
import { verifySecret } from '../../client-secret.js';
import { InMemoryClientsRepository } from '../../persistence/in-memory-clients.repository.js';
import { clientRecord, identityAdmin } from '../client.fixtures.js';
import { RegisterClientUseCase } from './register-client.usecase.js';

const clock: Clock = { now: () => new Date('2026-03-01T10:00:00Z') };
let n = 0;
const ids: IdGenerator = { next: () => `audit-${++n}` };
const input = { clientId: 'case-system-soc', name: 'Treserva', scopes: ['messages:send', 'messages:send'], unit: 'socialtjansten' };

describe('RegisterClientUseCase', () => {
  let clients: InMemoryClientsRepository;
  let useCase: RegisterClientUseCase;

  beforeEach(() => {
    clients = new InMemoryClientsRepository();
    useCase = new RegisterClientUseCase(clients, clock, ids);
  });

  it('registers a client of the admin’s own unit at once, with its secret shown once and hashed, audited in the same write', async () => {
    const admin = identityAdmin('socialtjansten');
    const { client, clientSecret } = await useCase.execute(input, admin);
    expect(client).toEqual({
      clientId: 'case-system-soc',
      name: 'Treserva',
      scopes: ['messages:send'],
      unit: 'socialtjansten',
      disabled: false,
      status: 'active',
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
    });
    const stored = clients.records.get('case-system-soc')!;
    expect(stored.secretHash).not.toContain(clientSecret);
    expect(await verifySecret(clientSecret, stored.secretHash)).toBe(true);
    expect(stored.filedBy).toBeUndefined();
    expect(stored.createdBy).toBe(admin.hsaId);
    expect(stored.audit).toEqual([
      expect.objectContaining({
        action: 'registered',
        unit: 'socialtjansten',
        scopes: ['messages:send'],
        by: expect.objectContaining({ subject: admin.subject }),
      }),
    ]);
  });

  it('only files a client of another unit: pending, with who filed it', async () => {
    const other = identityAdmin('kultur');
    const { client } = await useCase.execute(input, other);
    expect(client.status).toBe('pending');
    expect(clients.records.get('case-system-soc')).toMatchObject({
      status: 'pending',
      filedBy: other.subject,
      audit: [{ action: 'filed' }],
    });
  });

  it('refuses a taken client id with 409 and the portal’s client id with 422', async () => {
    await clients.insert(clientRecord());
    const taken = await problemOf(useCase.execute(input, identityAdmin('socialtjansten')));
    expect(taken.getStatus()).toBe(409);
    const reserved = await problemOf(useCase.execute({ ...input, clientId: 'insyn-portal' }, identityAdmin('socialtjansten')));
    expect(reserved.getStatus()).toBe(422);
    expect(clients.records.size).toBe(1);
  });
});
