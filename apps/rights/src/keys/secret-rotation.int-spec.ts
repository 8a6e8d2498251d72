import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { TokenVerifier } from '@insyn/auth';
import { SecretBox } from '@insyn/crypto';
import type { OutboxEntry } from '@insyn/messaging';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import type { RightsEnv } from '../config/rights-env.js';
import { changeOf, newConsent } from '../consents/domain/consent.js';
import { CONSENT_MODEL, ConsentSchema } from '../consents/persistence/consent.schema.js';
import { MongoConsentsRepository } from '../consents/persistence/mongo-consents.repository.js';
import { ConsentSignatures } from '../consents/signature/consent-signatures.js';
import { MongoUsedAssertionsRepository } from '../consents/signature/persistence/mongo-used-assertions.repository.js';
import {
  USED_ASSERTION_MODEL,
  UsedAssertionSchema,
  type UsedAssertionRecord,
} from '../consents/signature/persistence/used-assertion.schema.js';
import { ResealEvidenceUseCase } from '../consents/usecases/reseal-evidence/reseal-evidence.usecase.js';
import { citizen, smsTerms, SUBJECT } from '../consents/usecases/use-case-fakes.js';
import { MongoRequestsRepository } from '../requests/persistence/mongo-requests.repository.js';
import { PartVault } from '../requests/persistence/part-vault.js';
import { REQUEST_MODEL, REQUEST_PART_MODEL, RequestPartSchema, RequestSchema } from '../requests/persistence/request.schema.js';
import { ResealPartsUseCase } from '../requests/usecases/reseal-parts/reseal-parts.usecase.js';
import { MongoRightsKeysRepository } from './persistence/mongo-rights-keys.repository.js';
import type { RightsKeyRecord } from './persistence/rights-key.entity.js';
import { RIGHTS_KEY_MODEL, RightsKeySchema } from './persistence/rights-key.schema.js';
import { RightsKeys } from './rights-keys.js';

const OLD = 'the-rights-secret-before-rotation-000000';
const NEW = 'the-rights-secret-after-rotation-1111111';

/**
 * Rotating RIGHTS_KEY_SECRET without losing data (issue 11): what the service sealed with the old secret
 * still opens while both are configured, is sealed again with the new one (the key pairs at start, the
 * request parts and consents' signature evidence by their sweeps), and opens with the new secret alone
 * afterwards; receipts keep naming a consent's person by the same pseudonym. Real MongoDB.
 */
describe('rotating RIGHTS_KEY_SECRET (real MongoDB)', () => {
  let connection: mongoose.Connection;
  const started: RightsKeys[] = [];
  const clock: Clock = { now: () => new Date('2026-12-01T10:00:00Z') };
  const configOf = (env: Partial<RightsEnv>) => ({ get: (k: keyof RightsEnv) => env[k] }) as unknown as ConfigService<RightsEnv, true>;
  const before = configOf({ RIGHTS_KEY_SECRET: OLD });
  const during = configOf({ RIGHTS_KEY_SECRET: NEW, RIGHTS_KEY_SECRET_PREVIOUS: OLD });
  const after = configOf({ RIGHTS_KEY_SECRET: NEW });

  const keys = async (config: ConfigService<RightsEnv, true>) => {
    const k = new RightsKeys(
      new MongoRightsKeysRepository(connection.model<RightsKeyRecord>(RIGHTS_KEY_MODEL, RightsKeySchema)),
      clock,
      config,
    );
    started.push(k);
    await k.onModuleInit();
    return k;
  };
  const requests = () =>
    new MongoRequestsRepository(
      connection.model(REQUEST_MODEL, RequestSchema) as never,
      connection.model(REQUEST_PART_MODEL, RequestPartSchema) as never,
    );
  const consents = () => new MongoConsentsRepository(connection.model(CONSENT_MODEL, ConsentSchema) as never);
  const signatures = (config: ConfigService<RightsEnv, true>) =>
    new ConsentSignatures(
      {} as TokenVerifier,
      new MongoUsedAssertionsRepository(connection.model<UsedAssertionRecord>(USED_ASSERTION_MODEL, UsedAssertionSchema)),
      clock,
      config,
    );
  const evidenceBox = (secret: string) => new SecretBox(secret, 'consent-signature-evidence', 'insyn-rights');

  let pseudonymBefore: Buffer;
  let signingKidBefore: string;

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();

    // Before the rotation: keys, a stored part and a signed consent, all sealed with the old secret.
    const k = await keys(before);
    pseudonymBefore = k.pseudonymKey();
    signingKidBefore = k.signingKey().kid;
    await requests().storePartRecords('req-1', 'messages', new PartVault(before).seal('req-1', 'messages', [{ body: 'Hej' }]), clock.now());
    const terms = smsTerms();
    const proof = {
      provider: 'bankid' as const,
      orderRef: 'order-1',
      signedAt: '2026-11-30T09:59:30.000Z',
      signedTextDigest: 'text-digest',
      evidenceDigest: 'evidence-digest',
      assertionId: 'assertion-1',
      assertion: 'header.payload.signature',
      sealedEvidence: evidenceBox(OLD).seal('{"signature":"sig","ocspResponse":"ocsp"}', 'assertion-1'),
    };
    const consent = newConsent(
      'consent-1',
      SUBJECT,
      changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'sv', citizen().method, clock.now(), proof),
    );
    expect(await consents().insert(consent, {} as OutboxEntry)).not.toBeNull();
  });

  afterAll(async () => {
    for (const k of started) k.onApplicationShutdown();
    await connection.dropDatabase();
    await connection.close();
  });

  it('cannot open the old values with the new secret alone (what the rotation must prevent)', async () => {
    await expect(keys(after)).rejects.toThrow();
    const [part] = await requests().pagePartRecords(null, 10);
    expect(() => new PartVault(after).open('req-1', 'messages', part!.sealedRecords)).toThrow();
  });

  it('with both secrets: opens the old keys and seals them, the parts and the evidence again with the new one', async () => {
    const k = await keys(during);
    expect(k.signingKey().kid).toBe(signingKidBefore);
    expect(k.pseudonymKey().equals(pseudonymBefore)).toBe(true);

    const parts = new ResealPartsUseCase(requests(), new PartVault(during), during);
    expect(await parts.execute()).toEqual({ resealed: 1, left: 0 });
    expect(await parts.execute()).toEqual({ resealed: 0, left: 0 }); // nothing left: idempotent

    const evidence = new ResealEvidenceUseCase(consents(), signatures(during), during);
    expect(await evidence.execute()).toEqual({ resealed: 1, left: 0 });
    expect(await evidence.execute()).toEqual({ resealed: 0, left: 0 });
  });

  it('after the rotation, with the new secret alone: the keys, the part, the evidence and the pseudonym are all there', async () => {
    const k = await keys(after);
    expect(k.signingKey().kid).toBe(signingKidBefore);
    expect(k.pseudonymKey().equals(pseudonymBefore)).toBe(true);
    const [part] = await requests().pagePartRecords(null, 10);
    expect(new PartVault(after).open('req-1', 'messages', part!.sealedRecords)).toEqual([{ body: 'Hej' }]);
    const [consent] = await consents().pageWithHistory(null, 10);
    const change = consent!.history[0]!;
    expect(evidenceBox(NEW).open(change.signature!.sealedEvidence, 'assertion-1')).toBe('{"signature":"sig","ocspResponse":"ocsp"}');
    // Nothing else of the evidence changed.
    expect({ ...change, signature: { ...change.signature!, sealedEvidence: 'x' } }).toEqual({
      ...changeOf(1, 'given', smsTerms(), smsTerms().consentPurposes[0]!, 'sv', citizen().method, clock.now()),
      signature: expect.objectContaining({ assertionId: 'assertion-1', evidenceDigest: 'evidence-digest', sealedEvidence: 'x' }),
    });
  });
});
