import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Principal } from '@insyn/auth';
import { EventFactory, type MessagingOptions, type OutboxEntry, type OutboxRelay } from '@insyn/messaging';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import type { RightsEnv } from '../../config/rights-env.js';
import type { DataSubjectRequest } from '../domain/request.model.js';
import { CloseRequestUseCase } from '../usecases/close-request/close-request.usecase.js';
import { SettlePartsUseCase } from '../usecases/settle-parts/settle-parts.usecase.js';
import { MongoRequestsRepository } from './mongo-requests.repository.js';
import { REQUEST_MODEL, REQUEST_PART_MODEL, RequestPartSchema, RequestSchema } from './request.schema.js';

/** The sealed copies of a request's parts are not kept past their use (real MongoDB). */
describe('request parts: deleted when withdrawn, expiring when answered (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let repo: MongoRequestsRepository;
  let close: CloseRequestUseCase;
  let settle: SettlePartsUseCase;
  const now = new Date('2026-04-20T12:30:00.000Z');
  const clock: Clock = { now: () => now };
  let clockNow = now;
  const official = { subject: 'official-key', roles: ['dpo'], claims: {} } as unknown as Principal;
  let n = 0;

  const request = (id: string): DataSubjectRequest => ({
    id,
    subjectKey: 'subject-key',
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
  });

  const entry = (): OutboxEntry => ({ id: `ev-${++n}`, topic: 'test', key: 'k', value: '{}', createdAt: now });

  async function open(id: string): Promise<void> {
    const opened = entry();
    expect(await repo.insert(request(id), opened)).toEqual([opened]); // the outbox it inserted
  }

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    const parts = connection.model(REQUEST_PART_MODEL, RequestPartSchema);
    await parts.init();
    await connection.model(REQUEST_MODEL, RequestSchema).init();
    repo = new MongoRequestsRepository(connection.model(REQUEST_MODEL, RequestSchema) as never, parts as never);
    const config = { get: () => 90 } as unknown as ConfigService<RightsEnv, true>;
    settle = new SettlePartsUseCase(repo, { now: () => clockNow }, config);
    const events = new EventFactory({ service: 'rights' } as MessagingOptions, clock, { next: () => `id-${++n}` });
    const relay = { enqueued: jest.fn(() => Promise.resolve()) } as unknown as OutboxRelay;
    close = new CloseRequestUseCase(repo, events, relay, clock, settle, config);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('deletes a withdrawn request’s parts at once', async () => {
    await open('req-withdrawn-1');
    await repo.storePartRecords('req-withdrawn-1', 'messages', 'sealed-1', now);
    expect(await repo.partRecords('req-withdrawn-1')).toHaveLength(1);
    const closed = await close.withdraw('req-withdrawn-1', 'subject-key');
    expect(closed.reportAvailableUntil).toBeUndefined();
    expect(await repo.partRecords('req-withdrawn-1')).toEqual([]);
  });

  it('gives an answered request’s parts their expiry, RIGHTS_REPORT_KEEP_DAYS after the answer, and deletes them then', async () => {
    await open('req-answered-1');
    await repo.storePartRecords('req-answered-1', 'messages', 'sealed-2', now);
    expect(await repo.addPart('req-answered-1', { service: 'messages', receivedAt: now, eventId: 'e1', recordCount: 1 })).toBe(true);
    const r = (await repo.findById('req-answered-1'))!;
    expect(
      await repo.decide(r.id, r.revision, [
        { service: 'messages', outcome: 'done', ground: 'granted', by: { subjectKey: 'o', role: 'dpo' }, at: now },
      ]),
    ).toBe(true);
    const closed = await close.answer('req-answered-1', official);
    const until = new Date(now.getTime() + 90 * 86_400_000);
    expect(closed.reportAvailableUntil).toEqual(until);
    expect((await repo.findById('req-answered-1'))!.reportAvailableUntil).toEqual(until);
    const stored = await connection.collection('request_parts').findOne({ _id: 'req-answered-1/messages' as never });
    expect(stored!['expiresAt']).toEqual(until);
    clockNow = new Date(until.getTime() - 1);
    expect((await settle.sweep()).deleted).toBe(0);
    expect(await repo.partRecords('req-answered-1')).toHaveLength(1);
    clockNow = until;
    expect((await settle.sweep()).deleted).toBe(1);
    expect(await repo.partRecords('req-answered-1')).toEqual([]);
    clockNow = now;
  });

  it('adds no part to a closed request', async () => {
    expect(await repo.addPart('req-withdrawn-1', { service: 'messages', receivedAt: now, eventId: 'e2', recordCount: 1 })).toBe(false);
  });

  it('settles, on the next sweep, the parts of a request closed without settling (a crash between the steps)', async () => {
    await open('req-crashed-1');
    await repo.storePartRecords('req-crashed-1', 'messages', 'sealed-3', now);
    const r = (await repo.findById('req-crashed-1'))!;
    // The whole outbox the close left: the opened event (nothing relays here) and the closed one.
    const closedEvent = entry();
    expect((await repo.close(r.id, r.revision, 'withdrawn', { citizen: true }, now, closedEvent))?.map((e) => e.id)).toEqual([
      expect.any(String),
      closedEvent.id,
    ]);
    expect(await repo.close(r.id, r.revision, 'withdrawn', { citizen: true }, now, entry())).toBeNull(); // closed already
    expect(await repo.partRecords('req-crashed-1')).toHaveLength(1);
    expect((await settle.sweep()).settled).toBeGreaterThanOrEqual(1);
    expect(await repo.partRecords('req-crashed-1')).toEqual([]);
    expect((await repo.listUnsettled(100)).map((x) => x.id)).not.toContain('req-crashed-1');
  });

  it('keeps the parts of a request answered before the download window existed for the window after its answer', async () => {
    await open('req-legacy-1');
    await repo.storePartRecords('req-legacy-1', 'messages', 'sealed-4', now);
    const r = (await repo.findById('req-legacy-1'))!;
    expect(await repo.close(r.id, r.revision, 'answered', { subjectKey: 'o', role: 'dpo' }, now, entry())).not.toBeNull(); // no reportAvailableUntil
    await settle.sweep();
    const until = new Date(now.getTime() + 90 * 86_400_000);
    expect(await repo.partRecords('req-legacy-1')).toHaveLength(1);
    expect((await repo.findById('req-legacy-1'))!.reportAvailableUntil).toEqual(until);
  });
});
