import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Principal } from '@insyn/auth';
import type { Clock, IdGenerator } from '@insyn/platform';
import { problemOf } from '@insyn/testing';
import { type CryptoKey, compactDecrypt, decodeProtectedHeader, generateKeyPair, jwtVerify } from 'jose';
import type { IdentityEnv } from '../../../config/identity-env.js';
import type { KeyRing } from '../../../keys/key-ring.js';
import type { FindSessionPersonUseCase } from '../../../sessions/usecases/find-session-person/find-session-person.usecase.js';
import type { AudienceKeys } from '../../audience-keys.js';
import { IssuePersonAssertionUseCase, PERSON_ASSERTION_TYP } from './issue-person-assertion.usecase.js';

const ANNA = '199908072391';
const anna: Principal = { kind: 'citizen', subject: 'sk1_anna', roles: [], scopes: [], loa: 3, sessionId: 'session-anna' };
const clock: Clock = { now: () => new Date('2026-03-01T10:00:00Z') };
const ids: IdGenerator = { next: () => 'jti-1' };
const config = {
  get: (k: keyof IdentityEnv) => ({ IDENTITY_ISSUER: 'https://identity.test' })[k as 'IDENTITY_ISSUER'],
} as unknown as ConfigService<IdentityEnv, true>;

describe('IssuePersonAssertionUseCase', () => {
  let signing: { publicKey: CryptoKey; privateKey: CryptoKey };
  let encryption: { publicKey: CryptoKey; privateKey: CryptoKey };

  beforeAll(async () => {
    signing = await generateKeyPair('ES256');
    encryption = await generateKeyPair('ECDH-ES');
  });

  const useCase = (person: string | undefined, serviceKey: 'readable' | 'unreadable' = 'readable') =>
    new IssuePersonAssertionUseCase(
      {
        execute: (sessionId: string) => Promise.resolve(sessionId === 'session-anna' ? person : undefined),
      } as unknown as FindSessionPersonUseCase,
      {
        knows: (audience: string) => audience === 'insyn-messages',
        keyOf: () => Promise.resolve(serviceKey === 'readable' ? { kid: 'enc-1', key: encryption.publicKey } : undefined),
      } as unknown as AudienceKeys,
      { signingKey: () => ({ kid: 'sig-1', privateKey: signing.privateKey }) } as unknown as KeyRing,
      clock,
      ids,
      config,
    );

  it('signs her personnummer for the service and encrypts it to the service’s key, for two minutes', async () => {
    const issued = await useCase(ANNA).execute('insyn-messages', anna);
    expect(issued).toMatchObject({ audience: 'insyn-messages', expiresIn: 120 });
    expect(decodeProtectedHeader(issued.assertion)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-1', cty: 'JWT' });
    const { plaintext } = await compactDecrypt(issued.assertion, encryption.privateKey);
    const { payload, protectedHeader } = await jwtVerify(new TextDecoder().decode(plaintext), signing.publicKey, {
      issuer: 'https://identity.test',
      audience: 'insyn-messages',
      currentDate: clock.now(),
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'sig-1', typ: PERSON_ASSERTION_TYP });
    expect(payload).toMatchObject({ sub: 'sk1_anna', personnummer: ANNA, sid: 'session-anna', jti: 'jti-1' });
    expect(payload.exp! - payload.iat!).toBe(120);
  });

  it('refuses an unknown audience (422), a session without her personnummer (401) and an unreadable service key (503)', async () => {
    expect((await problemOf(useCase(ANNA).execute('insyn-notice', anna))).getStatus()).toBe(422);
    expect((await problemOf(useCase(undefined).execute('insyn-messages', anna))).getStatus()).toBe(401);
    const { sessionId: _none, ...withoutSession } = anna;
    expect((await problemOf(useCase(ANNA).execute('insyn-messages', withoutSession))).getStatus()).toBe(401);
    expect((await problemOf(useCase(ANNA, 'unreadable').execute('insyn-messages', anna))).getStatus()).toBe(503);
  });
});
