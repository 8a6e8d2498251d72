import { randomBytes } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { DataKeyCache } from './data-key-cache.js';

const zeroed = (key: Buffer): boolean => key.every((byte) => byte === 0);

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('DataKeyCache', () => {
  it('returns a copy of a cached key', () => {
    const cache = new DataKeyCache();
    const key = randomBytes(32);
    cache.set('c1', key);
    const copy = cache.get('c1')!;
    expect(copy.equals(key)).toBe(true);
    expect(copy).not.toBe(key);
    copy.fill(0);
    expect(cache.get('c1')!.equals(key)).toBe(true);
    expect(cache.get('c2')).toBeUndefined();
  });

  it('is bounded: evicts the least recently used key and zeroes it', () => {
    const cache = new DataKeyCache({ maxEntries: 2 });
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    cache.set('a', a);
    cache.set('b', b);
    cache.get('a'); // a is now more recently used than b
    cache.set('c', c);

    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(zeroed(b)).toBe(true);
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(zeroed(a) || zeroed(c)).toBe(false);
  });

  it('expires keys after the TTL, however often they are read, and zeroes them', () => {
    const clock = fakeClock();
    const cache = new DataKeyCache({ ttlMs: 1000, now: clock.now });
    const key = randomBytes(32);
    cache.set('c1', key);
    clock.advance(600);
    expect(cache.get('c1')).toBeDefined();
    clock.advance(399);
    expect(cache.get('c1')).toBeDefined();
    clock.advance(1);
    expect(cache.get('c1')).toBeUndefined();
    expect(zeroed(key)).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('prunes expired keys', () => {
    const clock = fakeClock();
    const cache = new DataKeyCache({ ttlMs: 1000, now: clock.now });
    const old = randomBytes(32);
    cache.set('old', old);
    clock.advance(500);
    cache.set('new', randomBytes(32));
    clock.advance(500);
    cache.prune();
    expect(cache.size).toBe(1);
    expect(zeroed(old)).toBe(true);
  });

  it('when full, drops expired keys before the least recently used live one', () => {
    const clock = fakeClock();
    const cache = new DataKeyCache({ maxEntries: 2, ttlMs: 1000, now: clock.now });
    const [a, b] = [randomBytes(32), randomBytes(32)];
    cache.set('a', a); // expires at +1000
    clock.advance(10);
    cache.set('b', b); // expires at +1010
    clock.advance(100);
    cache.get('a'); // a is more recently used, so plain LRU would evict b
    clock.advance(895); // +1005: a has expired, b has not
    cache.set('c', randomBytes(32));
    expect(cache.size).toBe(2);
    expect(zeroed(a)).toBe(true);
    expect(zeroed(b)).toBe(false);
    expect(cache.get('b')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('replacing a key zeroes the previous one', () => {
    const cache = new DataKeyCache();
    const first = randomBytes(32);
    cache.set('c1', first);
    cache.set('c1', randomBytes(32));
    expect(zeroed(first)).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('delete and clear zero the keys (crypto-shredding)', () => {
    const cache = new DataKeyCache();
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    cache.set('a', a);
    cache.set('b', b);
    cache.set('c', c);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(zeroed(a)).toBe(true);
    expect(zeroed(b)).toBe(false);
    cache.clear();
    expect(zeroed(b) && zeroed(c)).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('loads a key once for concurrent readers, caches it and zeroes the loaded Buffer', async () => {
    const cache = new DataKeyCache();
    const key = randomBytes(32);
    const expected = Buffer.from(key);
    const load = jest.fn(() => Promise.resolve(key));

    const results = await Promise.all([cache.getOrLoad('c1', load), cache.getOrLoad('c1', load), cache.getOrLoad('c1', load)]);
    expect(load).toHaveBeenCalledTimes(1);
    for (const result of results) expect(result.equals(expected)).toBe(true);
    expect(zeroed(key)).toBe(true);

    expect((await cache.getOrLoad('c1', load)).equals(expected)).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads again after eviction', async () => {
    const cache = new DataKeyCache({ maxEntries: 1 });
    const load = jest.fn(() => Promise.resolve(randomBytes(32)));
    await cache.getOrLoad('a', load);
    await cache.getOrLoad('b', load);
    await cache.getOrLoad('a', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('does not cache a failed load', async () => {
    const cache = new DataKeyCache();
    await expect(cache.getOrLoad('c1', () => Promise.reject(new Error('KMS down')))).rejects.toThrow('KMS down');
    expect(cache.size).toBe(0);
    const key = randomBytes(32);
    const expected = Buffer.from(key);
    expect((await cache.getOrLoad('c1', () => Promise.resolve(key))).equals(expected)).toBe(true);
  });

  it('does not cache a key whose context was deleted while it loaded', async () => {
    const cache = new DataKeyCache();
    let resolve!: (key: Buffer) => void;
    const reading = cache.getOrLoad('c1', () => new Promise<Buffer>((r) => (resolve = r)));
    cache.delete('c1'); // the conversation is shredded mid-read
    resolve(randomBytes(32));
    await reading;
    expect(cache.size).toBe(0);
    expect(cache.get('c1')).toBeUndefined();
  });

  it('refuses nonsense bounds', () => {
    expect(() => new DataKeyCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new DataKeyCache({ ttlMs: 0 })).toThrow(RangeError);
  });
});
