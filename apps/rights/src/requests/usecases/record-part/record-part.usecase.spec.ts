import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import type { RightsRequestPartV1 } from '@insyn/contracts';
import { PermanentEventError } from '@insyn/messaging';
import type { Clock } from '@insyn/platform';
import { CompactEncrypt, type CryptoKey, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { RightsKeys } from '../../../keys/rights-keys.js';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import type { PartVault } from '../../persistence/part-vault.js';
import type { RequestsRepository } from '../../persistence/requests.repository.js';
import { RecordPartUseCase } from './record-part.usecase.js';

const now = new Date('2026-04-02T10:00:00.000Z');
const SUBJECT = 'subject-key-anna';

const open = (over: Partial<DataSubjectRequest> = {}): DataSubjectRequest => ({
  id: 'req-0001-abcd',
  subjectKey: SUBJECT,
  kind: 'access',
  notice: { slug: 'umea-behandling', version: 1, title: { sv: 'Behandling', en: 'Processing' } },
  status: 'open',
  receivedAt: new Date('2026-04-01T10:00:00.000Z'),
  dueAt: new Date('2026-05-01T10:00:00.000Z'),
  expectedServices: ['messages'],
  parts: [],
  decisions: [],
  lastAskedAt: new Date('2026-04-01T10:00:00.000Z'),
  askCount: 1,
  revision: 0,
  ...over,
});

describe('RecordPartUseCase', () => {
  let privateKey: CryptoKey;
  let jwe: string;
  let request: DataSubjectRequest;
  let findById: jest.Mock<RequestsRepository['findById']>;
  let addPart: jest.Mock<RequestsRepository['addPart']>;
  let storePartRecords: jest.Mock<RequestsRepository['storePartRecords']>;
  let deletePartRecords: jest.Mock<RequestsRepository['deletePartRecords']>;
  let markPartsComplete: jest.Mock<RequestsRepository['markPartsComplete']>;
  let useCase: RecordPartUseCase;

  beforeAll(async () => {
    const pair = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
    privateKey = pair.privateKey;
    const publicJwk = await exportJWK(pair.publicKey);
    jwe = await new CompactEncrypt(Buffer.from(JSON.stringify([{ type: 'conversation', subject: 'Hej' }])))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-1' })
      .encrypt(await importJWK(publicJwk, 'ECDH-ES'));
  });

  beforeEach(() => {
    request = open();
    findById = jest.fn<RequestsRepository['findById']>().mockImplementation(() => Promise.resolve(request));
    addPart = jest.fn<RequestsRepository['addPart']>().mockResolvedValue(true);
    storePartRecords = jest.fn<RequestsRepository['storePartRecords']>().mockResolvedValue(undefined);
    deletePartRecords = jest.fn<RequestsRepository['deletePartRecords']>().mockResolvedValue(undefined);
    markPartsComplete = jest.fn<RequestsRepository['markPartsComplete']>().mockResolvedValue(undefined);
    const requests = strictFake<RequestsRepository>('RequestsRepository', {
      findById,
      addPart,
      storePartRecords,
      deletePartRecords,
      markPartsComplete,
    });
    const keys = {
      decryptionKey: (kid: string | undefined) => Promise.resolve(kid === 'enc-1' ? privateKey : undefined),
    } as unknown as RightsKeys;
    const vault = { seal: () => 'sealed' } as unknown as PartVault;
    const clock: Clock = { now: () => now };
    useCase = new RecordPartUseCase(requests, keys, vault, clock);
  });

  const part = (over: Partial<RightsRequestPartV1> = {}): RightsRequestPartV1 => ({
    requestId: request.id,
    service: 'messages',
    kind: 'access',
    producedAt: now.toISOString(),
    encryptedRecords: jwe,
    recordCount: 1,
    ...over,
  });

  it('records an encrypted part from an asked service for the person the request is about', async () => {
    await expect(useCase.execute(part(), { eventId: 'e1', subjectKey: SUBJECT })).resolves.toBe('recorded');
    expect(storePartRecords).toHaveBeenCalledWith(request.id, 'messages', 'sealed', now);
    expect(addPart).toHaveBeenCalledWith(request.id, expect.objectContaining({ service: 'messages', recordCount: 1 }));
    expect(markPartsComplete).toHaveBeenCalledWith(request.id); // the only expected part: the reminders stop
  });

  it('leaves the request to the reminders while another expected part is missing', async () => {
    request = open({ expectedServices: ['messages', 'identity'] });
    await expect(useCase.execute(part(), { eventId: 'e1', subjectKey: SUBJECT })).resolves.toBe('recorded');
    expect(markPartsComplete).not.toHaveBeenCalled();
  });

  it.each<[string, Partial<RightsRequestPartV1>, string | undefined, RegExp]>([
    ['no subjectKey on the envelope', {}, undefined, /names no person/],
    ['another person', {}, 'subject-key-britt', /another person/],
    ['a service the request did not ask', { service: 'calendar' }, SUBJECT, /did not ask/],
    ['its records in the clear', { encryptedRecords: undefined, records: [{ type: 'conversation' }] }, SUBJECT, /in the clear/],
  ])('sends a part with %s to the dead letter, storing nothing', async (_what, over, subjectKey, message) => {
    const run = () => useCase.execute(part(over), { eventId: 'e1', ...(subjectKey ? { subjectKey } : {}) });
    await expect(run()).rejects.toThrow(PermanentEventError);
    await expect(run()).rejects.toThrow(message);
    expect(storePartRecords).not.toHaveBeenCalled();
    expect(addPart).not.toHaveBeenCalled();
  });

  it('removes what it stored when the request closed between its read and its write', async () => {
    addPart.mockImplementation(() => {
      request = open({ status: 'withdrawn' });
      return Promise.resolve(false);
    });
    await expect(useCase.execute(part(), { eventId: 'e1', subjectKey: SUBJECT })).resolves.toBe('request-closed');
    expect(deletePartRecords).toHaveBeenCalledWith(request.id, 'messages');
  });

  it('keeps what it stored when another delivery of the same part got in first', async () => {
    addPart.mockImplementation(() => {
      request = open({ parts: [{ service: 'messages', receivedAt: now, eventId: 'e0', recordCount: 1 }] });
      return Promise.resolve(false);
    });
    await expect(useCase.execute(part(), { eventId: 'e1', subjectKey: SUBJECT })).resolves.toBe('already-recorded');
    expect(deletePartRecords).not.toHaveBeenCalled();
  });
});
