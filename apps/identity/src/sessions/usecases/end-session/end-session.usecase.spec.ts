import { beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, problemOf } from '@insyn/testing';
import { InMemorySessionsRepository } from '../../persistence/in-memory-sessions.repository.js';
import { sessionRecord } from '../session.factory.js';
import { EndSessionUseCase } from './end-session.usecase.js';

const ID = '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const official = { subjectKeys: ['sk1_official'], kind: 'official' as const };

describe('EndSessionUseCase', () => {
  let sessions: InMemorySessionsRepository;
  let useCase: EndSessionUseCase;

  beforeEach(async () => {
    sessions = new InMemorySessionsRepository();
    await sessions.insert(sessionRecord('the-secret'));
    useCase = new EndSessionUseCase(sessions, new ManualClock('2026-03-01T09:00:00Z'));
  });

  it('ends her own session, and ending it again is fine', async () => {
    await useCase.execute(ID, official, 'revoked-by-user');
    expect(sessions.records.get(ID)).toMatchObject({ revokedAt: new Date('2026-03-01T09:00:00Z'), revokeReason: 'revoked-by-user' });
    await expect(useCase.execute(ID, official, 'revoked-by-user')).resolves.toBeUndefined();
  });

  it('finds no session of another person, nor her work session when she asks as a citizen (404, nothing ended)', async () => {
    expect(
      (await problemOf(useCase.execute(ID, { subjectKeys: ['sk1_someone-else'], kind: 'official' }, 'revoked-by-user'))).getStatus(),
    ).toBe(404);
    expect((await problemOf(useCase.execute(ID, { subjectKeys: ['sk1_official'], kind: 'citizen' }, 'revoked-by-user'))).getStatus()).toBe(
      404,
    );
    expect(sessions.records.get(ID)!.revokedAt).toBeUndefined();
  });
});
