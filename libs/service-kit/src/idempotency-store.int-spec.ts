import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import {
  IDEMPOTENCY_COLLECTION,
  IDEMPOTENCY_LOCK_MS,
  IDEMPOTENCY_TTL_MS,
  IdempotencyStore,
  type IdempotentRequest,
  requestFingerprint,
} from './idempotency-store.js';

/** Idempotency keys against the real MongoDB-protocol server: claims, answers again, expiry and the sweep. */
describe('IdempotencyStore (real MongoDB)', () => {
  let connection: mongoose.Connection;
  let store: IdempotencyStore;
  let now = new Date('2026-12-04T10:00:00.000Z');
  const clock: Clock = { now: () => now };
  const request = (body: object, caller = 'client:case-system', key = randomUUID()): IdempotentRequest => ({
    caller,
    key,
    fingerprint: requestFingerprint('POST', '/v1/conversations', caller, body),
  });

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    store = new IdempotencyStore(connection, clock);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('claims a new key; while it runs a repeat is in progress; once answered a repeat gets the answer, another body a mismatch', async () => {
    const first = request({ subject: 'Kallelse' });
    expect(await store.claim(first)).toEqual({ outcome: 'claimed' });
    expect(await store.claim(first)).toEqual({ outcome: 'in-progress' });
    await store.complete(first, { status: 201, body: { conversationId: 'c-1', body: 'Hej Anna' } });
    expect(await store.claim(first)).toEqual({
      outcome: 'replay',
      answer: { status: 201, body: { conversationId: 'c-1', body: 'Hej Anna' } },
    });
    expect(await store.claim({ ...first, fingerprint: request({ subject: 'Annat' }).fingerprint })).toEqual({ outcome: 'mismatch' });
  });

  it('keys are per caller, and what is stored reveals neither the key nor the answer', async () => {
    const key = randomUUID();
    const mine = request({ a: 1 }, 'client:case-system', key);
    expect(await store.claim(mine)).toEqual({ outcome: 'claimed' });
    await store.complete(mine, { status: 201, body: { secret: 'Beslut om bistånd' } });
    expect(await store.claim(request({ a: 1 }, 'client:school-system', key))).toEqual({ outcome: 'claimed' });
    const stored = JSON.stringify(await connection.collection(IDEMPOTENCY_COLLECTION).find().toArray());
    expect(stored).not.toContain(key);
    expect(stored).not.toContain('bistånd');
  });

  it('a failed request frees its key; a request whose process died is taken over after the lock', async () => {
    const failed = request({ b: 1 });
    await store.claim(failed);
    await store.release(failed);
    expect(await store.claim(failed)).toEqual({ outcome: 'claimed' });
    now = new Date(now.getTime() + IDEMPOTENCY_LOCK_MS + 1);
    expect(await store.claim(failed)).toEqual({ outcome: 'claimed' });
    expect(await store.claim(failed)).toEqual({ outcome: 'in-progress' });
  });

  it('a key expires after 24 h: it no longer counts, and the sweep deletes it', async () => {
    const old = request({ c: 1 });
    await store.claim(old);
    await store.complete(old, { status: 201, body: { n: 1 } });
    now = new Date(now.getTime() + IDEMPOTENCY_TTL_MS - 1000);
    expect((await store.claim(old)).outcome).toBe('replay');
    now = new Date(now.getTime() + 2000);
    const keys = connection.collection(IDEMPOTENCY_COLLECTION);
    const before = await keys.countDocuments();
    expect(await store.sweep()).toBeGreaterThan(0);
    expect(await keys.countDocuments()).toBeLessThan(before);
    expect(await store.claim(old)).toEqual({ outcome: 'claimed' });
  });
});
