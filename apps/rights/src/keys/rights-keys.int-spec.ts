import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import { CompactSign } from 'jose';
import mongoose from 'mongoose';
import type { RightsEnv } from '../config/rights-env.js';
import { VerifyReceiptUseCase } from '../receipts/usecases/verify-receipt/verify-receipt.usecase.js';
import { MongoRightsKeysRepository } from './persistence/mongo-rights-keys.repository.js';
import type { RightsKeyRecord } from './persistence/rights-key.entity.js';
import { RIGHTS_KEY_MODEL, RightsKeySchema } from './persistence/rights-key.schema.js';
import { RightsKeys } from './rights-keys.js';

/** Several instances share one set of keys through the database (real MongoDB). */
describe('RightsKeys: instances starting together share their keys (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let instances: RightsKeys[] = [];
  const clock: Clock = { now: () => new Date() };
  const env: Partial<RightsEnv> = { RIGHTS_KEY_SECRET: 'a-test-secret-of-at-least-thirty-two-characters' };
  const config = { get: (k: keyof RightsEnv) => env[k] } as unknown as ConfigService<RightsEnv, true>;
  const instance = () =>
    new RightsKeys(new MongoRightsKeysRepository(connection.model<RightsKeyRecord>(RIGHTS_KEY_MODEL, RightsKeySchema)), clock, config);

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
  });

  afterAll(async () => {
    for (const k of instances) k.onApplicationShutdown();
    await connection.dropDatabase();
    await connection.close();
  });

  it('gives four instances starting at once on an empty database one sig and one enc key, the same for all', async () => {
    instances = [instance(), instance(), instance(), instance()];
    await Promise.all(instances.map((k) => k.onModuleInit()));
    expect(await connection.collection('keys').countDocuments()).toBe(2);
    const kids = instances.map((k) =>
      k
        .jwks()
        .keys.map((j) => j.kid)
        .sort(),
    );
    for (const k of kids) expect(k).toEqual(['enc-1', 'sig-1']);
    expect(new Set(instances.map((k) => k.signingKey().kid))).toEqual(new Set(['sig-1']));
    expect(new Set(instances.map((k) => k.encryptionJwk().x))).toHaveProperty('size', 1);
  });

  it('verifies, on one instance, a receipt signed with a key another instance made since it loaded', async () => {
    const [a, b] = instances as [RightsKeys, RightsKeys];
    await (a as unknown as { create(use: 'sig', first: boolean): Promise<void> }).create('sig', false);
    await a.onModuleInit(); // reloads (and re-arms its timer)
    const { kid, privateKey } = a.signingKey();
    expect(kid).not.toBe('sig-1');
    expect(b.jwks().keys.map((j) => j.kid)).not.toContain(kid);
    const jws = await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    const verdict = await new VerifyReceiptUseCase(b).execute(jws);
    // The key is found (the content is no receipt): not `unknown-key`.
    expect(verdict).toMatchObject({ valid: false, reason: 'not-a-receipt' });
    expect(b.jwks().keys.map((j) => j.kid)).toContain(kid);
  });
});
