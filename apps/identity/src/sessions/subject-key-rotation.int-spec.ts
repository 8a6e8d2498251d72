import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { EventFactory, OutboxRelay } from '@insyn/messaging';
import { SubjectKeyRing } from '@insyn/person';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import type { IdentityEnv } from '../config/identity-env.js';
import type { VerifiedIdentity } from '../eid/eid-provider.js';
import type { TokenClaims, TokenIssuer } from '../keys/token-issuer.js';
import type { EvidenceRecord, SessionRecord } from './persistence/session.entity.js';
import { MongoSessionsRepository, MongoSignInEvidenceRepository } from './persistence/mongo-sessions.repository.js';
import { EVIDENCE_MODEL, EvidenceSchema, SESSION_MODEL, SessionSchema } from './persistence/session.schema.js';
import type { RevokeReason, SessionOwner } from './persistence/sessions.repository.js';
import { CreateSessionUseCase } from './usecases/create-session/create-session.usecase.js';
import { EndSessionUseCase } from './usecases/end-session/end-session.usecase.js';
import { FindSessionPersonUseCase } from './usecases/find-session-person/find-session-person.usecase.js';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase.js';
import { RefreshSessionUseCase } from './usecases/refresh-session/refresh-session.usecase.js';
import { SessionAccess } from './usecases/session-access.js';

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
  /** The session use cases this test drives, over the real repositories, with one configuration. */
  const service = (env: Partial<IdentityEnv>) => {
    const config = {
      get: (k: keyof IdentityEnv) =>
        ({ IDENTITY_KEY_SECRET: 'k'.repeat(40), SESSION_TTL: 3600, ACCESS_TOKEN_TTL: 300, REFRESH_REUSE_GRACE_MS: 0, ...env })[k],
    } as unknown as ConfigService<IdentityEnv, true>;
    const issuer = {
      issue: (claims: TokenClaims, ttl: number) =>
        Promise.resolve({ accessToken: JSON.stringify(claims), tokenType: 'Bearer' as const, expiresIn: ttl, jti: 'j' }),
    } as unknown as TokenIssuer;
    const clock = { now: () => new Date() };
    const sessions = new MongoSessionsRepository(connection.model<SessionRecord>(SESSION_MODEL, SessionSchema));
    const evidence = new MongoSignInEvidenceRepository(connection.model<EvidenceRecord>(EVIDENCE_MODEL, EvidenceSchema));
    const access = new SessionAccess(issuer, config);
    const create = new CreateSessionUseCase(
      sessions,
      evidence,
      access,
      { outboxEntry: () => ({ id: `e-${++ids}` }) } as unknown as EventFactory,
      { enqueued: () => Promise.resolve() } as unknown as OutboxRelay,
      clock,
      { next: () => `id-${++ids}-${Date.now()}` },
      config,
    );
    return {
      create: create.execute.bind(create),
      refresh: (token: string) => new RefreshSessionUseCase(sessions, access, clock, config).execute(token),
      listOwn: (owner: SessionOwner) => new ListSessionsUseCase(sessions, clock).execute(owner),
      revoke: (id: string, owner: SessionOwner, reason: RevokeReason) => new EndSessionUseCase(sessions, clock).execute(id, owner, reason),
      personOf: (id: string, keys: string[]) => new FindSessionPersonUseCase(sessions, access, clock).execute(id, keys),
    };
  };
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
