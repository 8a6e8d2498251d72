import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { SubjectKeyRing } from '@insyn/person';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import type { IdentityEnv } from '../config/identity-env.js';
import type { VerifiedIdentity } from '../eid/eid-provider.js';
import type { TokenClaims } from '../keys/token-issuer.js';
import { EVIDENCE_MODEL, EvidenceSchema, SESSION_MODEL, SessionSchema } from './session.schema.js';
import { SessionsService } from './sessions.service.js';

const A = 'the-subject-key-secret-before-rotation-00';
const B = 'the-subject-key-secret-after-rotation-111';
const ANNA = '199908072391';
const before = new SubjectKeyRing({ current: A });
const after = new SubjectKeyRing({ current: B, generation: 2 });

/**
 * Rotating SUBJECT_KEY_SECRET (ADR 0025): the citizen's token names her by her current key and carries her
 * key under the previous secret (`sub_prev`), for a sign-in during the rotation and for a session begun
 * before it (refreshed: the keys are made again from her sealed personnummer). Her sessions stay hers under
 * either key. Real MongoDB; the token issuer is faked to return the claims it was given.
 */
describe('sessions through a rotation of SUBJECT_KEY_SECRET (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let ids = 0;
  const service = (env: Partial<IdentityEnv>) =>
    new SessionsService(
      connection.model(SESSION_MODEL, SessionSchema) as never,
      connection.model(EVIDENCE_MODEL, EvidenceSchema) as never,
      {
        issue: (claims: TokenClaims, ttl: number) =>
          Promise.resolve({ accessToken: JSON.stringify(claims), tokenType: 'Bearer', expiresIn: ttl, jti: 'j' }),
      } as never,
      { outboxEntry: () => ({ id: `e-${++ids}` }) } as never,
      { enqueued: () => Promise.resolve() } as never,
      { now: () => new Date() },
      { next: () => `id-${++ids}-${Date.now()}` },
      {
        get: (k: keyof IdentityEnv) =>
          ({ IDENTITY_KEY_SECRET: 'k'.repeat(40), SESSION_TTL: 3600, ACCESS_TOKEN_TTL: 300, REFRESH_REUSE_GRACE_MS: 0, ...env })[k],
      } as unknown as ConfigService<IdentityEnv, true>,
    );
  const anna: VerifiedIdentity = {
    provider: 'bankid',
    personalNumber: ANNA,
    givenName: 'Anna',
    surname: 'Andersson',
    name: 'Anna Andersson',
    loa: 3,
    evidence: { kind: 'bankid-signature', data: { signature: 'sig' } },
  };
  const claimsOf = (access: { accessToken: string }) => JSON.parse(access.accessToken) as TokenClaims;

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('names a citizen by her current key and her previous ones, whenever her session began', async () => {
    const old = await service({ SUBJECT_KEY_SECRET: A }).create(anna, undefined, {});
    expect(claimsOf(old.access)).toMatchObject({ sub: before.of(ANNA) });
    expect(claimsOf(old.access).sub_prev).toBeUndefined();

    const during = service({ SUBJECT_KEY_SECRET: B, SUBJECT_KEY_GENERATION: 2, SUBJECT_KEY_PREVIOUS_SECRETS: A });
    const fresh = await during.create(anna, undefined, {});
    expect(claimsOf(fresh.access)).toMatchObject({ sub: after.of(ANNA), sub_prev: [before.of(ANNA)] });
    // The session from before the rotation, refreshed: the new key at once, the old one beside it.
    const refreshed = await during.refresh(old.refreshToken);
    expect(claimsOf(refreshed.access)).toMatchObject({ sub: after.of(ANNA), sub_prev: [before.of(ANNA)] });

    // Her sessions are hers under either key: the list shows both, and she can end the old one.
    const mine = { subjectKeys: [after.of(ANNA), before.of(ANNA)], kind: 'citizen' as const };
    expect((await during.listOwn(mine)).map((s) => s.sessionId).sort()).toEqual([old.sessionId, fresh.sessionId].sort());
    await during.revoke(old.sessionId, mine, 'revoked-by-user');
    expect(await during.personOf(fresh.sessionId, [after.of(ANNA)])).toBe(ANNA);
    expect(await during.personOf(fresh.sessionId, ['sk2_someone-else'])).toBeUndefined();

    // After the rotation, with the previous secret removed: only the current key.
    const done = await service({ SUBJECT_KEY_SECRET: B, SUBJECT_KEY_GENERATION: 2 }).create(anna, undefined, {});
    expect(claimsOf(done.access).sub).toBe(after.of(ANNA));
    expect(claimsOf(done.access).sub_prev).toBeUndefined();
  });
});
