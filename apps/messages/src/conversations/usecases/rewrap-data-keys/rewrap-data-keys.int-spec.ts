import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaticKeyProvider } from '@insyn/crypto';
import type { Clock } from '@insyn/platform';
import { useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { DATA_KEY_MODEL, DataKeySchema } from '../../persistence/conversation.schema.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import { RewrapDataKeysUseCase } from './rewrap-data-keys.usecase.js';

/**
 * KEK rotation (issue 11): after `current` points at a new KEK, every conversation's data key is wrapped again
 * by it, its ciphertexts untouched and still readable, so the old KEK can leave the key file. Real MongoDB.
 */
describe('wrapping data keys again after a KEK rotation (real MongoDB)', () => {
  let connection: mongoose.Connection;
  const clock: Clock = { now: () => new Date('2026-12-01T10:00:00Z') };
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);
  const keysWith = (provider: StaticKeyProvider) =>
    new ConversationKeys(provider, connection.model(DATA_KEY_MODEL, DataKeySchema) as never, clock);
  const sealed = new Map<string, string>();

  beforeAll(async () => {
    const { db } = useTestEnvironment();
    connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    const before = keysWith(new StaticKeyProvider({ current: 'kek-2025', keys: { 'kek-2025': oldKek } }));
    for (const id of ['c-1', 'c-2', 'c-3']) {
      const key = await before.create(id);
      sealed.set(id, before.seal(key, `Hej från ${id}`, id, 'body'));
    }
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('wraps every older key again with the current KEK, once, and the messages still open without the old KEK', async () => {
    const during = keysWith(new StaticKeyProvider({ current: 'kek-2026', keys: { 'kek-2025': oldKek, 'kek-2026': newKek } }));
    expect(await during.pageWrappedByOlderKek(null, 10)).toHaveLength(3);
    const job = new RewrapDataKeysUseCase(during);
    expect(await job.execute()).toEqual({ resealed: 3, left: 0 });
    expect(await job.execute()).toEqual({ resealed: 0, left: 0 });
    expect(await during.pageWrappedByOlderKek(null, 10)).toEqual([]);

    const after = keysWith(new StaticKeyProvider({ current: 'kek-2026', keys: { 'kek-2026': newKek } }));
    for (const [id, ciphertext] of sealed) expect(after.open(await after.get(id), ciphertext, id, 'body')).toBe(`Hej från ${id}`);
  });

  it('leaves a key destroyed meanwhile destroyed (gallring wins over the rotation)', async () => {
    const before = keysWith(new StaticKeyProvider({ current: 'kek-2025', keys: { 'kek-2025': oldKek } }));
    await before.create('c-purged');
    const during = keysWith(new StaticKeyProvider({ current: 'kek-2026', keys: { 'kek-2025': oldKek, 'kek-2026': newKek } }));
    const [record] = await during.pageWrappedByOlderKek(null, 10);
    await before.destroy(['c-purged']);
    expect(await during.rewrap(record!)).toBe('changed');
    expect(await connection.collection('data_keys').countDocuments({ _id: 'c-purged' as never })).toBe(0);
  });
});
