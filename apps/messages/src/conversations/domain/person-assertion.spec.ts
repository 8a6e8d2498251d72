import { describe, expect, it } from '@jest/globals';
import { SubjectKeyRing } from '@insyn/person';
import { personOfAssertion } from './person-assertion.js';

const keys = new SubjectKeyRing({ current: 'unit-test-subject-key-secret-32-chars!!' });
const ANNA = '199908072391';
const BRITT = '195006262546';
const NOW = new Date('2026-12-04T12:00:00Z');

describe('personOfAssertion', () => {
  it('gives the caller’s own personnummer, normalised', () => {
    expect(personOfAssertion({ sub: keys.of(ANNA), personnummer: ANNA }, keys.of(ANNA), keys, NOW)).toEqual({
      ok: true,
      personnummer: ANNA,
    });
    expect(personOfAssertion({ sub: keys.of(ANNA), personnummer: '19990807-2391' }, keys.of(ANNA), keys, NOW)).toEqual({
      ok: true,
      personnummer: ANNA,
    });
  });

  it('refuses another person’s assertion presented by the caller', () => {
    expect(personOfAssertion({ sub: keys.of(ANNA), personnummer: ANNA }, keys.of(BRITT), keys, NOW)).toEqual({
      ok: false,
      reason: 'foreign',
    });
  });

  it('refuses an assertion whose personnummer does not give its subject key, even when the subject is the caller', () => {
    expect(personOfAssertion({ sub: keys.of(BRITT), personnummer: ANNA }, keys.of(BRITT), keys, NOW)).toEqual({
      ok: false,
      reason: 'foreign',
    });
  });

  it('takes her key under the previous secret during a rotation (a token from before it), and only hers', () => {
    const rotated = new SubjectKeyRing({
      current: 'the-rotated-subject-key-secret-32-chars',
      generation: 2,
      previous: ['unit-test-subject-key-secret-32-chars!!'],
    });
    expect(personOfAssertion({ sub: keys.of(ANNA), personnummer: ANNA }, keys.of(ANNA), rotated, NOW)).toEqual({
      ok: true,
      personnummer: ANNA,
    });
    expect(personOfAssertion({ sub: rotated.of(ANNA), personnummer: ANNA }, rotated.of(ANNA), rotated, NOW)).toEqual({
      ok: true,
      personnummer: ANNA,
    });
    expect(personOfAssertion({ sub: keys.of(BRITT), personnummer: ANNA }, keys.of(BRITT), rotated, NOW)).toEqual({
      ok: false,
      reason: 'foreign',
    });
  });

  it.each([
    ['no personnummer', { sub: keys.of(ANNA) }],
    ['a personnummer that is not a string', { sub: keys.of(ANNA), personnummer: 199908072391 }],
    ['an invalid personnummer', { sub: keys.of(ANNA), personnummer: '199908072392' }],
    ['no subject', { personnummer: ANNA }],
  ])('refuses %s as invalid', (_name, claims) => {
    expect(personOfAssertion(claims, keys.of(ANNA), keys, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});
