import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { SecretBox } from '../common/secret-box.js';
import type { IdentityEnv } from '../config/identity-env.js';
import type { EvidenceRecord } from './persistence/session.entity.js';
import { MongoSignInEvidenceRepository } from './persistence/mongo-sessions.repository.js';
import { EVIDENCE_MODEL, EvidenceSchema } from './persistence/session.schema.js';
import { ResealEvidenceUseCase } from './usecases/reseal-evidence/reseal-evidence.usecase.js';

const OLD = 'the-identity-secret-before-rotation-0000';
const NEW = 'the-identity-secret-after-rotation-11111';

/** Sign-in evidence is kept a year: rotating IDENTITY_KEY_SECRET seals it again rather than losing it (real MongoDB). */
describe('sign-in evidence through a rotation of IDENTITY_KEY_SECRET (real MongoDB)', () => {
  let connection: mongoose.Connection;
  const service = (env: Partial<IdentityEnv>) =>
    new ResealEvidenceUseCase(new MongoSignInEvidenceRepository(connection.model<EvidenceRecord>(EVIDENCE_MODEL, EvidenceSchema)), {
      get: (k: keyof IdentityEnv) => ({ SUBJECT_KEY_SECRET: 's'.repeat(40), ...env })[k],
    } as unknown as ConfigService<IdentityEnv, true>);

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    const old = new SecretBox(OLD, 'sign-in-evidence');
    await connection.collection('sign_in_evidence').insertMany(
      ['ev-1', 'ev-2', 'ev-3'].map((id) => ({
        _id: id as never,
        sessionId: `s-${id}`,
        provider: 'bankid',
        kind: 'bankid-completion',
        sealed: old.seal(`{"signature":"${id}"}`, id),
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
      })),
    );
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('seals every evidence again with the new secret while both are set, once', async () => {
    const during = service({ IDENTITY_KEY_SECRET: NEW, IDENTITY_KEY_SECRET_PREVIOUS: OLD });
    expect(await during.execute()).toEqual({ resealed: 3, left: 0 });
    expect(await during.execute()).toEqual({ resealed: 0, left: 0 });
    const box = new SecretBox(NEW, 'sign-in-evidence');
    const stored = await connection.collection<{ _id: string; sealed: string }>('sign_in_evidence').find({}).sort({ _id: 1 }).toArray();
    expect(stored.map((e) => box.open(e.sealed, e._id))).toEqual(['{"signature":"ev-1"}', '{"signature":"ev-2"}', '{"signature":"ev-3"}']);
  });
});
