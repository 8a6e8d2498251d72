import { describe, expect, it } from '@jest/globals';
import { isPersonnummer, luhnCheckDigit, maskPersonnummer, parsePersonnummer, type PersonnummerError } from './personnummer.js';

/** A fixed reference time: mid-June 2025. */
const now = new Date('2025-06-15T12:00:00Z');

describe('parsePersonnummer', () => {
  it.each([
    // input, normalized, kind, birthDate, sexHint
    ['199908072391', '199908072391', 'personnummer', '1999-08-07', 'male'],
    ['195006262546', '195006262546', 'personnummer', '1950-06-26', 'female'],
    ['196802020575', '196802020575', 'personnummer', '1968-02-02', 'male'],
    ['197010632391', '197010632391', 'samordningsnummer', '1970-10-03', 'male'],
    ['19990807-2391', '199908072391', 'personnummer', '1999-08-07', 'male'],
    ['990807-2391', '199908072391', 'personnummer', '1999-08-07', 'male'],
    ['9908072391', '199908072391', 'personnummer', '1999-08-07', 'male'],
    ['990807+2391', '189908072391', 'personnummer', '1899-08-07', 'male'],
    ['  199908072391 ', '199908072391', 'personnummer', '1999-08-07', 'male'],
    ['701063-2391', '197010632391', 'samordningsnummer', '1970-10-03', 'male'],
    ['20000229-2399', '200002292399', 'personnummer', '2000-02-29', 'male'],
    ['195012632393', '195012632393', 'samordningsnummer', '1950-12-03', 'male'],
  ] as const)('accepts %s', (input, normalized, kind, birthDate, sexHint) => {
    expect(parsePersonnummer(input, { now })).toEqual({ ok: true, value: { normalized, kind, birthDate, sexHint } });
  });

  it.each<[string, PersonnummerError]>([
    ['199908072392', 'checksum'],
    ['9908072392', 'checksum'],
    ['199913072394', 'date'], // month 13
    ['199908322390', 'date'], // day 32
    ['199902302398', 'date'], // 30 February
    ['20010229-2398', 'date'], // 29 February in a common year
    ['195012922547', 'date'], // day 92: samordningsnummer day 32
    ['199908502390', 'date'], // day 50: neither a date nor a samordningsnummer
    ['20000012399', 'format'], // 11 digits
    ['2000012399', 'date'], // month 00 on a personnummer
    ['9900082398', 'date'], // month 00 on a personnummer
    ['19500000-2393', 'date'], // day 00 on a personnummer
    ['19990807239A', 'format'],
    ['abcdefghijkl', 'format'],
    ['19990807239', 'format'], // 11 digits
    ['1999080723910', 'format'], // 13 digits
    ['19990807+2391', 'format'], // '+' with an explicit century
    ['1999 0807 2391', 'format'],
    ['', 'format'],
    ['20270101-2342', 'future'],
    ['20250616-2342', 'future'], // tomorrow
  ])('rejects %s (%s)', (input, reason) => {
    expect(parsePersonnummer(input, { now })).toEqual({ ok: false, reason });
  });

  it('rejects what is not a string', () => {
    expect(parsePersonnummer(199908072391 as unknown as string)).toEqual({ ok: false, reason: 'format' });
  });

  describe('samordningsnummer edge cases (accepted, birth date unknown)', () => {
    it.each([
      ['195000602390', '195000602390'], // month 00, day 60: both unknown
      ['195002892395', '195002892395'], // "29 February 1950": day 89 in a short month
      ['195002912391', '195002912391'], // day 91 in February
    ])('accepts %s', (input, normalized) => {
      expect(parsePersonnummer(input, { now })).toEqual({
        ok: true,
        value: { normalized, kind: 'samordningsnummer', birthDate: undefined, sexHint: 'male' },
      });
    });

    it('refuses samordningsnummer when not allowed', () => {
      expect(parsePersonnummer('197010632391', { now, allowCoordination: false })).toEqual({
        ok: false,
        reason: 'coordination-not-allowed',
      });
      expect(parsePersonnummer('199908072391', { now, allowCoordination: false }).ok).toBe(true);
    });

    it('reports a bad check digit before refusing a samordningsnummer', () => {
      expect(parsePersonnummer('197010632392', { now, allowCoordination: false })).toEqual({ ok: false, reason: 'checksum' });
    });
  });

  describe('century of 10-digit numbers, relative to now = 2025-06-15', () => {
    it.each([
      ['7501012343', '197501012343'], // no separator counts as '-'
      ['750101-2343', '197501012343'],
      ['750101+2343', '187501012343'],
      ['250101-2344', '202501012344'], // earlier this year: born 2025
      ['251201-2341', '192512012341'], // later this year: 99 years old, born 1925
      ['251201+2341', '182512012341'],
      ['260601-2348', '192606012348'], // next year's digits: born 1926
      ['000229-2399', '200002292399'],
    ])('%s → %s', (input, normalized) => {
      expect(parsePersonnummer(input, { now })).toMatchObject({ ok: true, value: { normalized } });
    });

    it('checks the date in the century it resolves to (1900 is no leap year)', () => {
      expect(parsePersonnummer('000229+2399', { now })).toEqual({ ok: false, reason: 'date' });
    });

    it('moves with now', () => {
      const later = new Date('2099-12-31T00:00:00Z');
      expect(parsePersonnummer('990807-2391', { now: later })).toMatchObject({ ok: true, value: { normalized: '209908072391' } });
      expect(parsePersonnummer('990807+2391', { now: later })).toMatchObject({ ok: true, value: { normalized: '199908072391' } });
    });
  });
});

describe('isPersonnummer', () => {
  it.each([
    ['199908072391', true],
    ['197010632391', true],
    ['199908072392', false],
    [undefined, false],
    [42, false],
  ])('%p → %p', (input, expected) => {
    expect(isPersonnummer(input)).toBe(expected);
  });
});

describe('maskPersonnummer', () => {
  it.each([
    ['199908072391', '19990807-****'],
    ['19990807-2391', '19990807-****'],
    ['990807-2391', '********-****'],
    ['nonsense', '********-****'],
  ])('%s → %s', (input, masked) => {
    expect(maskPersonnummer(input)).toBe(masked);
  });
});

describe('luhnCheckDigit', () => {
  it.each([
    ['990807239', 1],
    ['500626254', 6],
    ['680202057', 5],
    ['701063239', 1],
  ])('%s → %d', (digits, check) => {
    expect(luhnCheckDigit(digits)).toBe(check);
  });
});
