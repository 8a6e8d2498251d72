import { beforeEach, describe, expect, it } from '@jest/globals';
import { Clock, type IdGenerator } from '@insyn/platform';
import { problemOf } from '@insyn/testing';
import { InMemoryClientsRepository } from '../../persistence/in-memory-clients.repository.js';
import { clientRecord, identityAdmin } from '../client.fixtures.js';
import { SetClientDisabledUseCase } from './set-client-disabled.usecase.js';

const clock: Clock = { now: () => new Date('2026-03-01T10:00:00Z') };
let n = 0;
const ids: IdGenerator = { next: () => `audit-${++n}` };

describe('SetClientDisabledUseCase', () => {
  let clients: InMemoryClientsRepository;
  let useCase: SetClientDisabledUseCase;

  beforeEach(async () => {
    clients = new InMemoryClientsRepository();
    await clients.insert(clientRecord());
    useCase = new SetClientDisabledUseCase(clients, clock, ids);
  });

  it('lets an identity-admin of any unit disable a client, audited', async () => {
    const other = identityAdmin('kultur');
    const view = await useCase.execute('case-system-soc', true, other);
    expect(view).toMatchObject({ clientId: 'case-system-soc', disabled: true, updatedAt: '2026-03-01T10:00:00.000Z' });
    expect(clients.records.get('case-system-soc')!.audit).toEqual([
      expect.objectContaining({
        action: 'disabled',
        unit: 'socialtjansten',
        by: expect.objectContaining({ subject: other.subject, unit: 'kultur' }),
      }),
    ]);
  });

  it('re-enables only for an identity-admin of the client’s unit (403 otherwise, nothing changed)', async () => {
    await useCase.execute('case-system-soc', true, identityAdmin('kultur'));
    const refused = await problemOf(useCase.execute('case-system-soc', false, identityAdmin('kultur')));
    expect(refused.getStatus()).toBe(403);
    expect(clients.records.get('case-system-soc')!.disabled).toBe(true);
    expect(await useCase.execute('case-system-soc', false, identityAdmin('socialtjansten'))).toMatchObject({ disabled: false });
    expect(clients.records.get('case-system-soc')!.audit!.map((a) => a.action)).toEqual(['disabled', 'enabled']);
  });

  it('answers 404 for an unknown client', async () => {
    expect((await problemOf(useCase.execute('no-such-client', true, identityAdmin('kultur')))).getStatus()).toBe(404);
  });
});
