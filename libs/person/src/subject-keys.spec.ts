import { describe, expect, it } from '@jest/globals';
import { luhnCheckDigit, parsePersonnummer } from './personnummer.js';
import { personnummerIn, SubjectKeyRing, SubjectKeys } from './subject-keys.js';

const secretA = 'a'.repeat(32);
const secretB = 'b'.repeat(32);

describe('SubjectKeys', () => {
  it('is deterministic', () => {
    expect(new SubjectKeys(secretA).of('199908072391')).toBe(new SubjectKeys(secretA).of('199908072391'));
  });

  it('depends on the secret and on the number', () => {
    const a = new SubjectKeys(secretA);
    expect(a.of('199908072391')).not.toBe(new SubjectKeys(secretB).of('199908072391'));
    expect(a.of('199908072391')).not.toBe(a.of('195006262546'));
  });

  it('is versioned, URL-safe and does not contain the number', () => {
    const key = new SubjectKeys(Buffer.alloc(32, 7)).of('199908072391');
    expect(key).toMatch(/^sk1_[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('19990807');
    // The contracts' envelope rule for subjectKey.
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
  });

  it('matches HMAC-SHA256 of the 12 digits', () => {
    // Computed independently: printf 199908072391 | openssl dgst -sha256 -hmac aaaa…(32) -binary | base64url
    expect(new SubjectKeys(secretA).of('199908072391')).toBe(`sk1_${EXPECTED_A}`);
  });

  it.each(['short', Buffer.alloc(31)])('refuses a secret shorter than 32 bytes', (secret) => {
    expect(() => new SubjectKeys(secret)).toThrow(RangeError);
  });

  it.each(['990807-2391', '19990807-2391', '9908072391', ''])('accepts only 12 digits, not %p', (input) => {
    expect(() => new SubjectKeys(secretA).of(input)).toThrow(TypeError);
  });
});

const EXPECTED_A = '_oA1gdBhPqxBG9f4qzPg7XZRFKIYvs4kzJ6R42uff3o';

describe('SubjectKeys generations', () => {
  it('prefixes a key with its generation and keeps sk1_ for the first', () => {
    expect(new SubjectKeys(secretA).of('199908072391')).toMatch(/^sk1_/);
    expect(new SubjectKeys(secretB, 2).of('199908072391')).toMatch(/^sk2_[A-Za-z0-9_-]{43}$/);
    expect(new SubjectKeys(secretB, 2).made('sk2_x')).toBe(true);
    expect(new SubjectKeys(secretB, 2).made('sk1_x')).toBe(false);
    expect(() => new SubjectKeys(secretA, 0)).toThrow(RangeError);
  });
});

describe('SubjectKeyRing', () => {
  const ANNA = '199908072391';
  const BRITT = '195006262546';
  const before = new SubjectKeyRing({ current: secretA });
  const during = new SubjectKeyRing({ current: secretB, generation: 2, previous: [secretA] });
  const after = new SubjectKeyRing({ current: secretB, generation: 2 });

  it('makes new keys with the current secret and finds a person by the keys of every secret, current first', () => {
    const old = before.of(ANNA);
    expect(during.of(ANNA)).toBe(after.of(ANNA));
    expect(during.of(ANNA)).toMatch(/^sk2_/);
    expect(during.keysOf(ANNA)).toEqual([after.of(ANNA), old]);
    expect(during.previousKeysOf(ANNA)).toEqual([old]);
    expect(after.keysOf(ANNA)).toEqual([after.of(ANNA)]);
    expect(during.rotating).toBe(true);
    expect(after.rotating).toBe(false);
  });

  it('matches a person to her key of either generation, and never to another person’s', () => {
    expect(during.matches(ANNA, before.of(ANNA))).toBe(true);
    expect(during.matches(ANNA, after.of(ANNA))).toBe(true);
    expect(during.matches(BRITT, before.of(ANNA))).toBe(false);
    expect(after.matches(ANNA, before.of(ANNA))).toBe(false);
    expect(during.isCurrent(after.of(ANNA))).toBe(true);
    expect(during.isCurrent(before.of(ANNA))).toBe(false);
    expect(during.stalePrefixes()).toEqual(['sk1_']);
  });

  it('numbers previous secrets newest first and refuses a repeated secret or too many', () => {
    const three = new SubjectKeyRing({ current: 'c'.repeat(32), generation: 3, previous: [secretB, secretA] });
    expect(three.keysOf(ANNA)).toEqual([expect.stringMatching(/^sk3_/), after.of(ANNA), before.of(ANNA)]);
    expect(three.stalePrefixes()).toEqual(['sk1_', 'sk2_']);
    expect(() => new SubjectKeyRing({ current: secretB, generation: 2, previous: [secretB] })).toThrow(RangeError);
    expect(() => new SubjectKeyRing({ current: secretB, generation: 1, previous: [secretA] })).toThrow(RangeError);
  });

  it('re-keys stored keys of the previous secret without the personnummer, and says what it could not', async () => {
    const stored = [
      before.of(ANNA),
      before.of('199912319994'),
      'sk1_somebody-born-in-another-year-xxxxxxxxxxx',
      after.of(BRITT),
      'sk9_unknown',
    ];
    const result = await during.rekey(stored, { fromYear: 1999, toYear: 1999 });
    expect(result.map).toEqual(
      new Map([
        [before.of(ANNA), after.of(ANNA)],
        [before.of('199912319994'), after.of('199912319994')],
      ]),
    );
    expect(result.unmapped).toEqual(['sk1_somebody-born-in-another-year-xxxxxxxxxxx']);
    expect(result.unknownGeneration).toEqual(['sk9_unknown']);
  });

  it('finds samordningsnummer too', async () => {
    const coordination = '199908672398'; // day 07 + 60
    expect(parsePersonnummer(coordination).ok).toBe(true);
    const result = await during.rekey([before.of(coordination)], { fromYear: 1999, toYear: 1999 });
    expect(result.map.get(before.of(coordination))).toBe(after.of(coordination));
  });
});

describe('personnummerIn', () => {
  it('yields every number the parser accepts for a birth year, each once', () => {
    const all = [...personnummerIn({ fromYear: 2004, toYear: 2004 })];
    expect(new Set(all).size).toBe(all.length);
    // 366 real dates and 13 × 32 samordningsnummer days, 1000 serials each.
    expect(all.length).toBe((366 + 13 * 32) * 1000);
    for (const pnr of all.filter((_, i) => i % 997 === 0)) expect(parsePersonnummer(pnr, { now: new Date('2030-01-01') }).ok).toBe(true);
  });
});

describe('personnummerIn, its check digits', () => {
  it('gives each number the check digit luhnCheckDigit gives', () => {
    const some = [...personnummerIn({ fromYear: 1950, toYear: 1950 })].filter((_, i) => i % 1009 === 0);
    for (const pnr of some) expect(Number(pnr[11])).toBe(luhnCheckDigit(pnr.slice(2, 11)));
    expect([...personnummerIn({ fromYear: 1950, toYear: 1950 })]).toContain('195006262546');
  });
});
