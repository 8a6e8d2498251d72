import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { ManualClock, problemOf } from '@insyn/testing';
import { sha256 } from '../../../common/secret-box.js';
import type { IdentityEnv } from '../../../config/identity-env.js';
import type { TokenClaims, TokenIssuer } from '../../../keys/token-issuer.js';
import { InMemorySessionsRepository } from '../../persistence/in-memory-sessions.repository.js';
import { SessionAccess } from '../session-access.js';
import { sessionRecord } from '../session.factory.js';
import { RefreshSessionUseCase } from './refresh-session.usecase.js';

/** A configuration for the session use cases' unit tests (docs/style.md 17). */
export const sessionConfig = (env: Partial<IdentityEnv> = {}) =>
  ({
    get: (k: keyof IdentityEnv) =>
      ({
        IDENTITY_KEY_SECRET: 'k'.repeat(40),
        SUBJECT_KEY_SECRET: 's'.repeat(40),
        SESSION_TTL: 3600,
        ACCESS_TOKEN_TTL: 300,
        REFRESH_REUSE_GRACE_MS: 10_000,
        ...env,
      })[k],
  }) as unknown as ConfigService<IdentityEnv, true>;

/** An issuer whose token is the claims it was given, as JSON. */
export const claimsIssuer = () =>
  ({
    issue: (claims: TokenClaims, ttl: number) =>
      Promise.resolve({ accessToken: JSON.stringify(claims), tokenType: 'Bearer' as const, expiresIn: ttl, jti: 'jti-1' }),
  }) as unknown as TokenIssuer;

const ID = '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';

describe('RefreshSessionUseCase', () => {
  let sessions: InMemorySessionsRepository;
  let clock: ManualClock;
  let useCase: RefreshSessionUseCase;

  beforeEach(async () => {
    sessions = new InMemorySessionsRepository();
    await sessions.insert(sessionRecord('first-secret'));
    clock = new ManualClock('2026-03-01T09:00:00Z');
    const config = sessionConfig();
    useCase = new RefreshSessionUseCase(sessions, new SessionAccess(claimsIssuer(), config), clock, config);
  });

  it('rotates the refresh secret and issues an access token with the official’s claims', async () => {
    const tokens = await useCase.execute(`${ID}.first-secret`);
    const [sessionId, next] = tokens.refreshToken.split('.');
    expect(sessionId).toBe(ID);
    expect(next).not.toBe('first-secret');
    expect(sessions.records.get(ID)).toMatchObject({
      refreshHash: sha256(next!),
      previousRefreshHash: sha256('first-secret'),
      refreshedAt: new Date('2026-03-01T09:00:00Z'),
    });
    expect(JSON.parse(tokens.access.accessToken) as TokenClaims).toMatchObject({
      sub: 'sk1_official',
      kind: 'official',
      sid: ID,
      unit: 'socialtjansten',
      roles: ['handlaggare'],
      hsa_id: 'SE2321000230-olle',
      client_id: 'insyn-portal',
    });
    expect(tokens.expiresAt).toEqual(new Date('2026-03-01T20:00:00Z'));
  });

  it('ends the session when a replaced refresh token comes back after the grace period (RFC 9700 4.14.2)', async () => {
    await useCase.execute(`${ID}.first-secret`);
    clock.advance(10_001);
    const reused = await problemOf(useCase.execute(`${ID}.first-secret`));
    expect(reused.getStatus()).toBe(401);
    expect(sessions.records.get(ID)).toMatchObject({ revokeReason: 'refresh-reuse', revokedAt: clock.now() });
  });

  it('keeps the session when the replaced token comes back within the grace period (two tabs at once)', async () => {
    const tokens = await useCase.execute(`${ID}.first-secret`);
    clock.advance(5_000);
    expect((await problemOf(useCase.execute(`${ID}.first-secret`))).getStatus()).toBe(401);
    expect(sessions.records.get(ID)!.revokedAt).toBeUndefined();
    await expect(useCase.execute(tokens.refreshToken)).resolves.toMatchObject({ sessionId: ID });
  });

  it('refuses a malformed, unknown, ended or expired session’s token with 401', async () => {
    expect((await problemOf(useCase.execute('no-dot'))).getStatus()).toBe(401);
    expect((await problemOf(useCase.execute(`${ID}.wrong-secret`))).getStatus()).toBe(401);
    clock.set('2026-03-01T20:00:01Z');
    expect((await problemOf(useCase.execute(`${ID}.first-secret`))).getStatus()).toBe(401);
    expect(sessions.records.get(ID)!.revokedAt).toBeUndefined();
  });
});
