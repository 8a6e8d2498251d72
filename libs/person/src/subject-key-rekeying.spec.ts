import { describe, expect, it } from '@jest/globals';
import { prefixPattern, rekeyStores, repeatRekeying, type SubjectKeyStore } from './subject-key-rekeying.js';
import { SubjectKeyRing } from './subject-keys.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const ANNA = '199908072391';
const BRITT = '195006262546';
const before = new SubjectKeyRing({ current: A });
const during = new SubjectKeyRing({ current: B, generation: 2, previous: [A], birthYears: { fromYear: 1999, toYear: 1999 } });
const after = new SubjectKeyRing({ current: B, generation: 2 });

/** A store in memory: one record per key given. */
function store(what: string, keys: string[]): SubjectKeyStore & { keys: string[] } {
  return {
    what,
    keys,
    staleKeys: (prefixes) => Promise.resolve([...new Set(keys.filter((k) => prefixes.some((p) => k.startsWith(p))))]),
    rewrite: (stale, current) => {
      let n = 0;
      keys.forEach((k, i) => {
        if (k === stale) {
          keys[i] = current;
          n++;
        }
      });
      return Promise.resolve(n);
    },
  };
}

const log = () => {
  const lines: string[] = [];
  return { lines, log: (m: string) => lines.push(`log ${m}`), warn: (m: string) => lines.push(`warn ${m}`) };
};

describe('rekeyStores', () => {
  it('moves every store’s records to the current keys, counts what it cannot, and tells each store’s count', async () => {
    const conversations = store('conversations', [before.of(ANNA), before.of(ANNA), after.of(ANNA), before.of(BRITT)]);
    const consents = store('consents', [before.of(ANNA)]);
    const counted: [string, number][] = [];
    const out = log();
    const unfound = new Set<string>();
    const report = await rekeyStores(during, [conversations, consents], out, {
      counted: (what, left) => counted.push([what, left]),
      unfound,
    });
    expect(report).toEqual({ found: 2, rewritten: 3, left: 1 });
    expect(conversations.keys).toEqual([after.of(ANNA), after.of(ANNA), after.of(ANNA), before.of(BRITT)]);
    expect(consents.keys).toEqual([after.of(ANNA)]);
    expect(counted).toEqual([
      ['conversations', 1],
      ['consents', 0],
    ]);
    expect(out.lines.at(-1)).toBe(
      'warn subject keys: 1 people still stored under previous secrets in conversations, consents; keep the secrets',
    );
    // The log names no key and no personnummer.
    expect(out.lines.join('\n')).not.toMatch(/sk1_|sk2_|\d{12}/);
    // The next round does not search again for the person it could not find (minutes of a core each time).
    expect(unfound).toEqual(new Set([before.of(BRITT)]));
    const again = log();
    expect(await rekeyStores(during, [conversations, consents], again, { unfound })).toEqual({ found: 1, rewritten: 0, left: 1 });
    expect(again.lines.some((l) => l.includes('re-keying'))).toBe(false);
  });

  it('says when none is left, and does nothing at the first generation', async () => {
    const done = store('holds on a person', [before.of(ANNA)]);
    const out = log();
    expect(await rekeyStores(during, [done], out)).toEqual({ found: 1, rewritten: 1, left: 0 });
    expect(out.lines.at(-1)).toBe('log subject keys: none left under previous secrets in holds on a person (1 records re-keyed)');
    expect(await rekeyStores(before, [store('x', [before.of(ANNA)])], log())).toEqual({ found: 0, rewritten: 0, left: 0 });
  });
});

describe('prefixPattern', () => {
  it('matches the given generations only, and takes nothing but skN_ prefixes', () => {
    expect(prefixPattern(['sk1_', 'sk2_']).test('sk2_abc')).toBe(true);
    expect(prefixPattern(['sk1_']).test('sk12_abc')).toBe(false);
    expect(() => prefixPattern(['.*'])).toThrow(TypeError);
  });
});

describe('repeatRekeying', () => {
  it('runs at once and on each tick, never two rounds at once, each failure reported, until stopped', async () => {
    let started = 0;
    let release: () => void = () => undefined;
    const failures: string[] = [];
    const stop = repeatRekeying(
      () => {
        started++;
        return started === 2 ? Promise.reject(new Error('database down')) : new Promise<void>((resolve) => (release = resolve));
      },
      (err) => failures.push(err.message),
      5,
    );
    expect(started).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toBe(1); // the first round still runs: the ticks skip
    release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop();
    expect(started).toBeGreaterThanOrEqual(2);
    expect(failures).toEqual(['database down']);
    const after = started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toBe(after);
  });
});
