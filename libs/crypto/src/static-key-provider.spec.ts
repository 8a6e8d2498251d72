import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DecryptionError, UnknownKekError } from './errors.js';
import { KeyProvider, type WrappedKey } from './key-provider.js';
import { StaticKeyProvider } from './static-key-provider.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const CONVERSATION = 'conv-1';

describe('StaticKeyProvider (the key-ring KeyProvider)', () => {
  it('is a KeyProvider (the DI token)', () => {
    expect(StaticKeyProvider.random()).toBeInstanceOf(KeyProvider);
  });

  it('wraps and unwraps a data key', async () => {
    const keys = new StaticKeyProvider({ current: 'k1', keys: { k1 } });
    const dataKey = randomBytes(32);
    const wrapped = await keys.wrap(dataKey, CONVERSATION);
    expect(wrapped.kekId).toBe('k1');
    // version(1) + IV(12) + key(32) + tag(16) = 61 bytes, base64url without padding.
    expect(wrapped.wrapped).toMatch(/^[A-Za-z0-9_-]{82}$/);
    expect(Buffer.from(wrapped.wrapped, 'base64url').includes(dataKey)).toBe(false);
    expect((await keys.unwrap(wrapped, CONVERSATION)).equals(dataKey)).toBe(true);
  });

  it('generates fresh data keys', async () => {
    const keys = StaticKeyProvider.random();
    const a = await keys.generateDataKey(CONVERSATION);
    const b = await keys.generateDataKey(CONVERSATION);
    expect(a.dataKey).toHaveLength(32);
    expect(a.dataKey.equals(b.dataKey)).toBe(false);
    expect((await keys.unwrap(a.wrapped, CONVERSATION)).equals(a.dataKey)).toBe(true);
  });

  it('binds a wrapped key to its context: another conversation cannot unwrap it', async () => {
    const keys = new StaticKeyProvider({ current: 'k1', keys: { k1 } });
    const { wrapped } = await keys.generateDataKey(CONVERSATION);
    await expect(keys.unwrap(wrapped, 'conv-2')).rejects.toThrow(DecryptionError);
    await expect(keys.unwrap(wrapped, 'conv-1 ')).rejects.toThrow(DecryptionError);
  });

  it('refuses an altered wrapped key, and one relabelled with another KEK id', async () => {
    const keys = new StaticKeyProvider({ current: 'k1', keys: { k1, k2 } });
    const { wrapped } = await keys.generateDataKey(CONVERSATION);
    const bytes = Buffer.from(wrapped.wrapped, 'base64url');
    for (const i of [0, 1, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x80;
      await expect(keys.unwrap({ kekId: 'k1', wrapped: altered.toString('base64url') }, CONVERSATION)).rejects.toThrow(DecryptionError);
    }
    await expect(keys.unwrap({ kekId: 'k2', wrapped: wrapped.wrapped }, CONVERSATION)).rejects.toThrow(DecryptionError);
    await expect(keys.unwrap({ kekId: 'k1', wrapped: `${wrapped.wrapped}=` }, CONVERSATION)).rejects.toThrow(DecryptionError);
  });

  it('rejects (not throws) bad input, and names an unknown KEK', async () => {
    const keys = new StaticKeyProvider({ current: 'k1', keys: { k1 } });
    const { wrapped } = await keys.generateDataKey(CONVERSATION);
    await expect(keys.unwrap({ ...wrapped, kekId: 'k9' }, CONVERSATION)).rejects.toThrow(UnknownKekError);
    await expect(keys.unwrap({ ...wrapped, kekId: 'k9' }, CONVERSATION)).rejects.toThrow(/'k9'/);
    await expect(keys.wrap(randomBytes(16), CONVERSATION)).rejects.toThrow(RangeError);
    await expect(keys.wrap(randomBytes(32), '')).rejects.toThrow(TypeError);
  });

  it('refuses KEKs that are not 32 bytes, and a current KEK it does not hold', () => {
    expect(() => new StaticKeyProvider({ current: 'k1', keys: { k1: randomBytes(31) } })).toThrow(/32 bytes/);
    expect(() => new StaticKeyProvider({ current: 'k1', keys: { k1: randomBytes(33) } })).toThrow(/32 bytes/);
    expect(() => new StaticKeyProvider({ current: 'k2', keys: { k1 } })).toThrow(/'k2'/);
  });

  it('rotates KEKs: old wrapped keys still open, rewrap moves them to the current KEK', async () => {
    const before = new StaticKeyProvider({ current: 'k1', keys: { k1 } });
    const { dataKey, wrapped } = await before.generateDataKey(CONVERSATION);
    expect(wrapped.kekId).toBe('k1');

    const after = new StaticKeyProvider({ current: 'k2', keys: { k1, k2 } });
    expect(after.needsRewrap(wrapped)).toBe(true);
    expect((await after.unwrap(wrapped, CONVERSATION)).equals(dataKey)).toBe(true);

    const rewrapped: WrappedKey = await after.rewrap(wrapped, CONVERSATION);
    expect(rewrapped.kekId).toBe('k2');
    expect(after.needsRewrap(rewrapped)).toBe(false);
    expect((await after.unwrap(rewrapped, CONVERSATION)).equals(dataKey)).toBe(true);
    // Once every key is rewrapped, k1 can go: the rewrapped key opens without it.
    const k2Only = new StaticKeyProvider({ current: 'k2', keys: { k2 } });
    expect((await k2Only.unwrap(rewrapped, CONVERSATION)).equals(dataKey)).toBe(true);
    await expect(k2Only.unwrap(wrapped, CONVERSATION)).rejects.toThrow(UnknownKekError);
    // Rewrapping keeps the context binding.
    await expect(after.rewrap(wrapped, 'conv-2')).rejects.toThrow(DecryptionError);
  });

  it('keeps its own copy of the KEKs', async () => {
    const kek = randomBytes(32);
    const keys = new StaticKeyProvider({ current: 'k', keys: { k: kek } });
    const { dataKey, wrapped } = await keys.generateDataKey(CONVERSATION);
    kek.fill(0);
    expect((await keys.unwrap(wrapped, CONVERSATION)).equals(dataKey)).toBe(true);
  });

  it('tells a rotation job whether any key can be under an older KEK: only with more than one KEK in the ring', () => {
    expect(StaticKeyProvider.random().mayHoldOlderKeks()).toBe(false);
    const two = new StaticKeyProvider({ current: 'new', keys: { old: Buffer.alloc(32, 1), new: Buffer.alloc(32, 2) } });
    expect(two.mayHoldOlderKeks()).toBe(true);
  });
});
