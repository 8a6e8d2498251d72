import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { EventFactory, type MessagingOptions, type OutboxEntry, type OutboxRelay } from '@insyn/messaging';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { register } from 'prom-client';
import type { RightsEnv } from '../../config/rights-env.js';
import type { RightsKeys } from '../../keys/rights-keys.js';
import type { DataSubjectRequest } from '../domain/request.model.js';
import { RequestsMetrics } from '../requests.metrics.js';
import { RemindServicesUseCase } from '../usecases/remind-services/remind-services.usecase.js';
import { MongoRequestsRepository } from './mongo-requests.repository.js';
import { REQUEST_MODEL, REQUEST_PART_MODEL, RequestPartSchema, RequestSchema } from './request.schema.js';

/** Reminders run on every instance while officials work on the same requests (real MongoDB). */
describe('reminders: no false conflicts for officials, one reminder per tick (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let repo: MongoRequestsRepository;
  const asked = new Date('2026-04-01T10:00:00.000Z');
  const now = new Date('2026-04-03T10:00:00.000Z');
  const clock: Clock = { now: () => now };
  let n = 0;
  const entry = (): OutboxEntry => ({ id: `ev-${++n}`, topic: 'test', key: 'k', value: '{}', createdAt: now });
  const official = { subjectKey: 'official-key', role: 'dpo' };

  const request = (id: string, over: Partial<DataSubjectRequest> = {}): DataSubjectRequest => ({
    id,
    subjectKey: `subject-key-${id}`,
    kind: 'access',
    notice: { slug: 'umea-behandling', version: 1, title: { sv: 'Behandling', en: 'Processing' } },
    status: 'open',
    receivedAt: asked,
    dueAt: new Date('2026-05-01T10:00:00.000Z'),
    expectedServices: ['messages', 'identity'],
    parts: [],
    decisions: [],
    lastAskedAt: asked,
    askCount: 1,
    revision: 0,
    ...over,
  });

  const remind = () => {
    const events = new EventFactory({ service: 'rights' } as MessagingOptions, clock, { next: () => `id-${++n}` });
    const keys = {
      encryptionJwk: () => ({ kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43), kid: 'enc-1', alg: 'ECDH-ES', use: 'enc' }),
    };
    const relay = { enqueued: jest.fn(() => Promise.resolve()) } as unknown as OutboxRelay;
    const config = { get: () => 60_000 } as unknown as ConfigService<RightsEnv, true>;
    return new RemindServicesUseCase(repo, keys as unknown as RightsKeys, events, relay, clock, config);
  };

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    repo = new MongoRequestsRepository(
      connection.model(REQUEST_MODEL, RequestSchema) as never,
      connection.model(REQUEST_PART_MODEL, RequestPartSchema) as never,
    );
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('lets an official who read the request before a reminder decide on it after', async () => {
    expect(await repo.insert(request('req-remind-1', { expectedServices: ['messages', 'identity'] }), entry())).not.toBeNull();
    expect(await repo.addPart('req-remind-1', { service: 'messages', receivedAt: now, eventId: 'e1', recordCount: 1 })).toBe(true);
    const read = (await repo.findById('req-remind-1'))!; // the official opens it
    expect(await remind().execute()).toBe(1); // a tick reminds identity
    const after = (await repo.findById('req-remind-1'))!;
    expect(after).toMatchObject({ askCount: 2, lastAskedAt: now, revision: read.revision });
    expect(
      await repo.decide(read.id, read.revision, [{ service: 'messages', outcome: 'done', ground: 'granted', by: official, at: now }]),
    ).toBe(true);
  });

  it('lets one of two instances remind, never both', async () => {
    expect(await repo.insert(request('req-remind-2'), entry())).not.toBeNull();
    const results = await Promise.all(Array.from({ length: 5 }, () => repo.markAsked('req-remind-2', asked, now, entry())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results.find(Boolean)).toHaveLength(2); // the whole outbox the reminder left: the opened event and the reminder's
    expect((await repo.findById('req-remind-2'))!.askCount).toBe(2);
  });

  it('leaves a request with every part in out of the reminder scan', async () => {
    expect(await repo.insert(request('req-remind-3', { expectedServices: ['messages'] }), entry())).not.toBeNull();
    expect(await repo.addPart('req-remind-3', { service: 'messages', receivedAt: now, eventId: 'e3', recordCount: 0 })).toBe(true);
    expect((await repo.listOpenAskedBefore(now, 100)).map((r) => r.id)).toContain('req-remind-3');
    await remind().execute(); // mends a missing mark: every part is in
    const later = new Date(now.getTime() + 7 * 86_400_000); // however long it stays open
    expect((await repo.listOpenAskedBefore(later, 100)).map((r) => r.id)).not.toContain('req-remind-3');
    expect((await repo.findById('req-remind-3'))!.askCount).toBe(1);
  });

  it('counts the open requests past their due date for the operator’s gauge, read at scrape time', async () => {
    const overdue = async (at: Date) => {
      const metrics = new RequestsMetrics(repo, { now: () => at });
      metrics.onApplicationBootstrap();
      try {
        return (await register.getSingleMetric('insyn_rights_requests_overdue')!.get()).values[0]?.value;
      } finally {
        metrics.onApplicationShutdown();
      }
    };
    const before = await overdue(new Date('2026-05-02T10:00:00.000Z'));
    expect(await repo.insert(request('req-overdue', { dueAt: new Date('2026-05-01T10:00:00.000Z') }), entry())).not.toBeNull();
    expect(await repo.insert(request('req-in-time', { dueAt: new Date('2026-05-03T10:00:00.000Z') }), entry())).not.toBeNull();
    expect(await overdue(new Date('2026-05-02T10:00:00.000Z'))).toBe(before! + 1);
    expect(await overdue(new Date('2026-05-04T10:00:00.000Z'))).toBeGreaterThanOrEqual(before! + 2);
  });
});
