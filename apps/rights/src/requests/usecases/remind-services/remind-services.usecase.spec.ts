import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import type { ConfigService } from '@nestjs/config';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock } from '@insyn/platform';
import type { RightsEnv } from '../../../config/rights-env.js';
import type { RightsKeys } from '../../../keys/rights-keys.js';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import type { RequestsRepository } from '../../persistence/requests.repository.js';
import { RemindServicesUseCase } from './remind-services.usecase.js';

const asked = new Date('2026-04-01T10:00:00.000Z');
const now = new Date('2026-04-03T10:00:00.000Z');

const request = (id: string, parts: string[]): DataSubjectRequest => ({
  id,
  subjectKey: `subject-key-${id}`,
  kind: 'access',
  notice: { slug: 'umea-behandling', version: 1, title: { sv: 'Behandling', en: 'Processing' } },
  status: 'open',
  receivedAt: asked,
  dueAt: new Date('2026-05-01T10:00:00.000Z'),
  expectedServices: ['messages', 'identity'],
  parts: parts.map((service) => ({ service, receivedAt: asked, eventId: `e-${service}`, recordCount: 0 })),
  decisions: [],
  lastAskedAt: asked,
  askCount: 1,
  revision: 7,
});

describe('RemindServicesUseCase', () => {
  let markAsked: jest.Mock<RequestsRepository['markAsked']>;
  let markPartsComplete: jest.Mock<RequestsRepository['markPartsComplete']>;
  let enqueued: jest.Mock<OutboxRelay['enqueued']>;
  let useCase: RemindServicesUseCase;

  beforeEach(() => {
    markAsked = jest.fn<RequestsRepository['markAsked']>().mockImplementation((_id, _lastAskedAt, _at, event) => Promise.resolve([event]));
    markPartsComplete = jest.fn<RequestsRepository['markPartsComplete']>().mockResolvedValue(undefined);
    const requests = strictFake<RequestsRepository>('RequestsRepository', {
      listOpenAskedBefore: () =>
        Promise.resolve([request('req-missing-1', ['messages']), request('req-complete-1', ['messages', 'identity'])]),
      markAsked,
      markPartsComplete,
    });
    const clock: Clock = { now: () => now };
    const events = new EventFactory({ service: 'rights' } as MessagingOptions, clock, { next: () => 'id-1' });
    const keys = {
      encryptionJwk: () => ({ kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43), kid: 'enc-1', alg: 'ECDH-ES', use: 'enc' }),
    } as unknown as RightsKeys;
    enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
    const relay = { enqueued } as unknown as OutboxRelay;
    const config = { get: () => 60_000 } as unknown as ConfigService<RightsEnv, true>;
    useCase = new RemindServicesUseCase(requests, keys, events, relay, clock, config);
  });

  it('reminds on the lastAskedAt it read, not the revision an official works on', async () => {
    expect(await useCase.execute()).toBe(1);
    expect(markAsked).toHaveBeenCalledTimes(1);
    expect(markAsked).toHaveBeenCalledWith('req-missing-1', asked, now, expect.objectContaining({ key: 'req-missing-1' }));
    expect(enqueued).toHaveBeenCalledWith('requests', 'req-missing-1', [markAsked.mock.calls[0]![3]]); // the outbox the update left
  });

  it('hands nothing to the relay when another instance reminded first, or the request closed', async () => {
    markAsked.mockResolvedValue(null);
    expect(await useCase.execute()).toBe(0);
    expect(enqueued).not.toHaveBeenCalled();
  });

  it('marks a request with every part in complete instead of moving it', async () => {
    await useCase.execute();
    expect(markPartsComplete).toHaveBeenCalledWith('req-complete-1');
    expect(markAsked).not.toHaveBeenCalledWith('req-complete-1', expect.anything(), expect.anything(), expect.anything());
  });
});
