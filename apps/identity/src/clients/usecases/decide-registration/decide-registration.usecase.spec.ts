import { beforeEach, describe, expect, it } from '@jest/globals';
import { Clock, type IdGenerator } from '@insyn/platform';
import { problemOf } from '@insyn/testing';
import { InMemoryClientsRepository } from '../../persistence/in-memory-clients.repository.js';
import { clientRecord, identityAdmin } from '../client.fixtures.js';
import { DecideRegistrationUseCase } from './decide-registration.usecase.js';

const clock: Clock = { now: () => new Date('2026-03-02T10:00:00Z') };
let n = 0;
const ids: IdGenerator = { next: () => `audit-${++n}` };
const filer = identityAdmin('kultur');

describe('DecideRegistrationUseCase (four eyes)', () => {
  let clients: InMemoryClientsRepository;
  let useCase: DecideRegistrationUseCase;

  beforeEach(async () => {
    clients = new InMemoryClientsRepository();
    await clients.insert(clientRecord({ status: 'pending', filedBy: filer.subject }));
    useCase = new DecideRegistrationUseCase(clients, clock, ids);
  });

  it('a second identity-admin approves a pending registration: active, audited', async () => {
    const second = identityAdmin('socialtjansten');
    expect(await useCase.approve('case-system-soc', second)).toMatchObject({ status: 'active', updatedAt: '2026-03-02T10:00:00.000Z' });
    expect(clients.records.get('case-system-soc')!.audit).toEqual([
      expect.objectContaining({ action: 'approved', by: expect.objectContaining({ subject: second.subject }) }),
    ]);
  });

  it('a second identity-admin refuses one, with the reason in the trail', async () => {
    expect(await useCase.refuse('case-system-soc', identityAdmin('utbildning'), 'Okänt system')).toMatchObject({ status: 'refused' });
    expect(clients.records.get('case-system-soc')!.audit).toEqual([expect.objectContaining({ action: 'refused', reason: 'Okänt system' })]);
  });

  it('the one who filed it may not decide (403); a decided one is not pending any more (409); an unknown one is 404', async () => {
    expect((await problemOf(useCase.approve('case-system-soc', filer))).getStatus()).toBe(403);
    expect(clients.records.get('case-system-soc')).toMatchObject({ status: 'pending', audit: [] });
    await useCase.approve('case-system-soc', identityAdmin('socialtjansten'));
    expect((await problemOf(useCase.refuse('case-system-soc', identityAdmin('utbildning'), 'sent'))).getStatus()).toBe(409);
    expect((await problemOf(useCase.approve('no-such-client', identityAdmin('utbildning')))).getStatus()).toBe(404);
  });
});
