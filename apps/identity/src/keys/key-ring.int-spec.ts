import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { Clock, UuidV7Generator } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import mongoose from 'mongoose';
import type { IdentityEnv } from '../config/identity-env.js';
import { KeyRing, PREPUBLISH_MS } from './key-ring.js';
import type { SigningKeyRecord } from './persistence/signing-key.entity.js';
import { MongoSigningKeysRepository } from './persistence/mongo-signing-keys.repository.js';
import { SIGNING_KEY_MODEL, SigningKeySchema } from './persistence/signing-key.schema.js';
import { TokenIssuer } from './token-issuer.js';

class FakeClock extends Clock {
  constructor(public t: number) {
    super();
  }
  now(): Date {
    return new Date(this.t);
  }
}

const HOUR = 3_600_000;
const settings: Partial<IdentityEnv> = {
  IDENTITY_KEY_SECRET: 'a-test-secret-of-at-least-32-characters!',
  SIGNING_KEY_ROTATION: 24 * 3600,
  ACCESS_TOKEN_TTL: 300,
  CLIENT_TOKEN_TTL: 600,
  IDENTITY_ISSUER: 'https://identity.test',
  AUTH_AUDIENCE: 'insyn',
};
const config = { get: (k: keyof IdentityEnv) => settings[k] } as unknown as ConfigService<IdentityEnv, true>;

describe('KeyRing rotation (real MongoDB)', () => {
  let connection: mongoose.Connection;
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  let ringA: KeyRing;
  let ringB: KeyRing;

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    const keys = new MongoSigningKeysRepository(connection.model<SigningKeyRecord>(SIGNING_KEY_MODEL, SigningKeySchema));
    // Two instances of the service sharing one database.
    ringA = new KeyRing(keys, clock, config);
    ringB = new KeyRing(keys, clock, config);
  });

  afterAll(async () => {
    ringA.onApplicationShutdown();
    ringB.onApplicationShutdown();
    await connection.dropDatabase();
    await connection.close();
  });

  const verify = (token: string, ring: KeyRing) =>
    jwtVerify(token, createLocalJWKSet(ring.jwks() as never), {
      issuer: 'https://identity.test',
      audience: 'insyn',
      currentDate: clock.now(),
    });

  it('creates one key at first start and both instances sign with it; the private key is sealed at rest', async () => {
    await ringA.rotate();
    await ringB.rotate();
    expect(ringA.jwks().keys).toHaveLength(1);
    expect(ringB.signingKey().kid).toBe(ringA.signingKey().kid);
    const stored = await connection.collection('signing_keys').findOne({});
    expect(JSON.stringify(stored)).not.toMatch(/"d":/);
    expect(ringA.jwks().keys[0]).not.toHaveProperty('d');
  });

  it('publishes the successor before it signs, and tokens of the old key keep verifying after the switch', async () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const issuerA = new TokenIssuer(ringA, clock, new UuidV7Generator(), config);
    const first = ringA.signingKey().kid;

    // Within the pre-publication window: a successor is in the JWKS, but the old key still signs.
    clock.t = t0 + 24 * HOUR - PREPUBLISH_MS + 1000;
    await ringA.rotate();
    await ringB.rotate();
    expect(ringB.jwks().keys).toHaveLength(2);
    expect(ringA.signingKey().kid).toBe(first);

    // Two minutes before the switch, a token is signed with the old key.
    clock.t = t0 + 24 * HOUR - 120_000;
    const oldToken = (await issuerA.issue({ sub: 'sk1_x', client_id: 'insyn-portal', kind: 'citizen', loa: 3 }, 300)).accessToken;

    // After the switch the successor signs, and the old key's live token still verifies.
    clock.t = t0 + 24 * HOUR + 1000;
    await ringA.rotate();
    await ringB.rotate();
    expect(ringA.signingKey().kid).not.toBe(first);
    const newToken = (await issuerA.issue({ sub: 'sk1_x', client_id: 'insyn-portal', kind: 'citizen', loa: 3 }, 300)).accessToken;
    await expect(verify(newToken, ringB)).resolves.toBeDefined();
    await expect(verify(oldToken, ringB)).resolves.toBeDefined();
  });

  it('keeps its keys through a rotation of IDENTITY_KEY_SECRET: both secrets open them and they are sealed again with the new one', async () => {
    const keys = new MongoSigningKeysRepository(connection.model<SigningKeyRecord>(SIGNING_KEY_MODEL, SigningKeySchema));
    const newSecret = 'the-new-identity-secret-of-32-characters';
    const ring = (env: Partial<IdentityEnv>) =>
      new KeyRing(keys, clock, { get: (k: keyof IdentityEnv) => ({ ...settings, ...env })[k] } as never);
    const signing = ringA.signingKey().kid;
    const alone = ring({ IDENTITY_KEY_SECRET: newSecret });
    await expect(alone.rotate()).rejects.toThrow(); // the new secret alone cannot open what the old one sealed

    const during = ring({ IDENTITY_KEY_SECRET: newSecret, IDENTITY_KEY_SECRET_PREVIOUS: settings.IDENTITY_KEY_SECRET! });
    await during.rotate();
    expect(during.signingKey().kid).toBe(signing);

    const after = ring({ IDENTITY_KEY_SECRET: newSecret });
    await after.rotate();
    expect(after.signingKey().kid).toBe(signing);
    expect(after.jwks()).toEqual(ringA.jwks());
    // Instances still on the old secret alone no longer open them: the rotation is complete.
    await expect(ring({}).rotate()).rejects.toThrow();
  });

  it('drops a retired key from the JWKS once every token it signed has expired', async () => {
    const kids = ringA.jwks().keys.map((k) => k.kid);
    expect(kids.length).toBeGreaterThanOrEqual(2);
    // The old key retired at t0 + 24 h; the longest token lifetime is 600 s, plus the pre-publication margin.
    clock.t = Date.parse('2026-01-02T00:00:00Z') + 600_000 + PREPUBLISH_MS + 1000;
    await ringA.rotate();
    expect(ringA.jwks().keys.map((k) => k.kid)).toHaveLength(1);
  });
});
