import { beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@insyn/testing';
import { InMemorySessionsRepository } from '../../persistence/in-memory-sessions.repository.js';
import { sessionRecord } from '../session.factory.js';
import { SignOutUseCase } from './sign-out.usecase.js';

const ID = '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';

describe('SignOutUseCase', () => {
  let sessions: InMemorySessionsRepository;
  let clock: ManualClock;
  let useCase: SignOutUseCase;

  beforeEach(async () => {
    sessions = new InMemorySessionsRepository();
    await sessions.insert(sessionRecord('the-secret'));
    clock = new ManualClock('2026-03-01T09:00:00Z');
    useCase = new SignOutUseCase(sessions, clock);
  });

  it('ends the session its refresh token names', async () => {
    await useCase.execute(`${ID}.the-secret`);
    expect(sessions.records.get(ID)).toMatchObject({ revokedAt: new Date('2026-03-01T09:00:00Z'), revokeReason: 'sign-out' });
  });

  it('changes nothing for a wrong secret, a malformed token, or a session ended already', async () => {
    await useCase.execute(`${ID}.another-secret`);
    await useCase.execute('no-dot');
    expect(sessions.records.get(ID)!.revokedAt).toBeUndefined();

    await sessions.revoke(ID, 'refresh-reuse', new Date('2026-03-01T08:30:00Z'));
    await useCase.execute(`${ID}.the-secret`);
    expect(sessions.records.get(ID)).toMatchObject({ revokedAt: new Date('2026-03-01T08:30:00Z'), revokeReason: 'refresh-reuse' });
  });
});
