import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxEntry } from '@insyn/messaging';
import { SubjectKeyRing } from '@insyn/person';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { ACCESS_ENTRY_MODEL, AccessEntrySchema } from '../access-log/persistence/access-entry.schema.js';
import { MongoAccessLogRepository } from '../access-log/persistence/mongo-access-log.repository.js';
import { entry } from '../access-log/usecases/access-log-fakes.js';
import { changeOf, newConsent } from '../consents/domain/consent.js';
import { CONSENT_MODEL, ConsentSchema } from '../consents/persistence/consent.schema.js';
import { MongoConsentsRepository } from '../consents/persistence/mongo-consents.repository.js';
import { citizen, smsTerms } from '../consents/usecases/use-case-fakes.js';
import type { RightsKeys } from '../keys/rights-keys.js';
import { receiptPseudonym } from '../receipts/domain/consent-receipt.js';
import type { DataSubjectRequest } from '../requests/domain/request.model.js';
import { MongoRequestsRepository } from '../requests/persistence/mongo-requests.repository.js';
import { REQUEST_MODEL, REQUEST_PART_MODEL, RequestPartSchema, RequestSchema } from '../requests/persistence/request.schema.js';
import { RekeySubjectsUseCase } from './usecases/rekey-subjects/rekey-subjects.usecase.js';

const A = 'rights-subject-key-rotation-secret-A-00000';
const B = 'rights-subject-key-rotation-secret-B-11111';
const ANNA = '199908072391';
const before = new SubjectKeyRing({ current: A });
const during = new SubjectKeyRing({ current: B, generation: 2, previous: [A], birthYears: { fromYear: 1999, toYear: 1999 } });
const after = new SubjectKeyRing({ current: B, generation: 2 });
const OLD = before.of(ANNA);
const NEW = after.of(ANNA);
const PSEUDONYM_KEY = Buffer.alloc(32, 5);

/**
 * Rotating SUBJECT_KEY_SECRET in rights (ADR 0025, real MongoDB): what is stored under the citizen's key
 * of secret A (a consent, an open and a closed request, access-log entries) is found by her keys of both
 * secrets, then moved to her key of B; afterwards her key of B alone finds it all, her consent's receipts
 * keep naming the same principal, and a part a service still sends under her A key for the open request
 * is hers.
 */
describe('rights through a rotation of SUBJECT_KEY_SECRET (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let consents: MongoConsentsRepository;
  let requests: MongoRequestsRepository;
  let accessLog: MongoAccessLogRepository;
  const at = new Date('2026-11-02T10:00:00Z');

  const request = (id: string, status: DataSubjectRequest['status']): DataSubjectRequest => ({
    id,
    subjectKey: OLD,
    kind: id === 'req-open' ? 'access' : 'erasure',
    notice: { slug: 'sms-avisering', version: 1, title: { sv: 'Sms', en: 'SMS' } },
    status,
    receivedAt: at,
    dueAt: new Date('2026-12-02T10:00:00Z'),
    expectedServices: ['messages'],
    parts: [],
    decisions: [],
    lastAskedAt: at,
    askCount: 1,
    revision: 0,
  });
  const rekey = (ring: SubjectKeyRing | null) =>
    new RekeySubjectsUseCase(consents, requests, accessLog, { pseudonymKey: () => PSEUDONYM_KEY } as unknown as RightsKeys, ring);

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    consents = new MongoConsentsRepository(connection.model(CONSENT_MODEL, ConsentSchema) as never);
    requests = new MongoRequestsRepository(
      connection.model(REQUEST_MODEL, RequestSchema) as never,
      connection.model(REQUEST_PART_MODEL, RequestPartSchema) as never,
    );
    accessLog = new MongoAccessLogRepository(connection.model(ACCESS_ENTRY_MODEL, AccessEntrySchema) as never);

    // Before the rotation: all under her key of secret A.
    const terms = smsTerms();
    const given = changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'sv', citizen().method, at);
    expect(await consents.insert(newConsent('consent-1', OLD, given), {} as OutboxEntry)).not.toBeNull();
    expect(await requests.insert(request('req-open', 'open'), {} as OutboxEntry)).not.toBeNull();
    expect(await requests.insert(request('req-closed', 'open'), {} as OutboxEntry)).not.toBeNull();
    expect(await requests.close('req-closed', 0, 'answered', { citizen: true }, at, {} as OutboxEntry)).not.toBeNull();
    for (const id of ['acc-1', 'acc-2']) expect(await accessLog.record(entry({ accessId: id, subjectKey: OLD }))).toBe(true);
    expect(await accessLog.record(entry({ accessId: 'acc-other', subjectKey: before.of('195006262546') }))).toBe(true);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const everything = async (keys: string[]) => ({
    consents: (await consents.listOwned(keys)).map((c) => c.consentId),
    requests: (await requests.listBySubject(keys, 10)).map((r) => r.id).sort(),
    openRequest: (await requests.findOpen(keys, 'sms-avisering', 'access'))?.id,
    accessLog: (await accessLog.page(keys, { limit: 10 })).map((e) => e.accessId).sort(),
  });
  const all = { consents: ['consent-1'], requests: ['req-closed', 'req-open'], openRequest: 'req-open', accessLog: ['acc-1', 'acc-2'] };

  it('during: her keys of both secrets find what A keyed; her key of B alone does not, yet', async () => {
    expect(await everything(during.keysOf(ANNA))).toEqual(all);
    expect(await everything([NEW])).toEqual({ consents: [], requests: [], openRequest: undefined, accessLog: [] });
  });

  it('re-keys it all to B (the person it cannot find stays under A), once', async () => {
    const principalBefore = receiptPseudonym(PSEUDONYM_KEY, 'consent-1', OLD);
    expect(await rekey(during).execute()).toEqual({ found: 2, rewritten: 5, left: 1 });
    expect(await rekey(during).execute()).toEqual({ found: 1, rewritten: 0, left: 1 });
    expect(await everything([NEW])).toEqual(all);
    // Her receipts keep their principal; the open request still takes a part sent under her A key.
    expect((await consents.findOwned('consent-1', [NEW]))?.receiptPrincipal).toBe(principalBefore);
    expect((await requests.findById('req-open'))?.previousSubjectKeys).toEqual([OLD]);
    expect((await requests.findById('req-closed'))?.previousSubjectKeys).toBeUndefined();
  });

  it('after: her key of B alone finds it all; a key of a removed secret is still counted, never lost silently', async () => {
    expect(await everything(after.keysOf(ANNA))).toEqual(all);
    // The person the search could not find: A was removed too soon, and the count says so.
    expect(await rekey(after).execute()).toEqual({ found: 1, rewritten: 0, left: 1 });
    expect(await rekey(null).execute()).toEqual({ found: 0, rewritten: 0, left: 0 });
  });
});
