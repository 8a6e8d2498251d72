import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@insyn/contracts';
import { HoldIdParams, ListHoldsQuery, ReleaseHoldDto, ReviewHoldDto, SetHoldDto } from './hold.dto.js';

/** The global pipe's settings: unknown fields refused, values transformed. */
function violations<T extends object>(cls: new () => T, body: Record<string, unknown>) {
  const errors = validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return flattenValidationErrors(errors);
}
const fields = <T extends object>(cls: new () => T, body: Record<string, unknown>) =>
  violations(cls, body)
    .map((v) => v.field)
    .sort();

const person = { scope: 'person', personnummer: '19121212-1212', reason: 'litigation', reviewAt: '2030-01-01T00:00:00Z' };

describe('SetHoldDto', () => {
  it.each([
    ['a person hold with a personnummer', person],
    ['a person hold with a 12-digit number and a note', { ...person, personnummer: '191212121212', note: 'Dnr KS 2026/123' }],
    [
      'a conversation hold',
      { scope: 'conversation', target: '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d', reason: 'public-records-request', reviewAt: '2030-01-01' },
    ],
    ['a unit hold', { scope: 'unit', target: 'socialtjansten', reason: 'supervisory-case', reviewAt: '2030-01-01T00:00:00Z' }],
    [
      'a rule hold',
      {
        scope: 'rule',
        target: 'rule-secure-messages-soc',
        reason: 'other',
        note: 'Utredning av gallringsbeslut',
        reviewAt: '2030-01-01T00:00:00Z',
      },
    ],
  ])('accepts %s', (_, body) => {
    expect(violations(SetHoldDto, body)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown scope', { ...person, scope: 'everything' }, ['scope']],
    ['an unknown reason', { ...person, reason: 'because' }, ['reason']],
    ['a person hold without a personnummer', { ...person, personnummer: undefined }, ['personnummer']],
    ['a wrong check digit', { ...person, personnummer: '19121212-1213' }, ['personnummer']],
    ['a target on a person hold', { ...person, target: 'sk1_abc' }, ['target']],
    [
      'a personnummer on a unit hold',
      { scope: 'unit', target: 'socialtjansten', personnummer: '191212121212', reason: 'litigation', reviewAt: '2030-01-01' },
      ['personnummer'],
    ],
    ['a unit hold without a target', { scope: 'unit', reason: 'litigation', reviewAt: '2030-01-01' }, ['target']],
    ['a unit id with capitals', { scope: 'unit', target: 'Socialtjansten', reason: 'litigation', reviewAt: '2030-01-01' }, ['target']],
    ['a conversation id too short', { scope: 'conversation', target: 'abc', reason: 'litigation', reviewAt: '2030-01-01' }, ['target']],
    ['a rule id with spaces', { scope: 'rule', target: 'rule with spaces', reason: 'litigation', reviewAt: '2030-01-01' }, ['target']],
    [
      'a rule id with capitals',
      { scope: 'rule', target: 'Sakra-Meddelanden-Soc', reason: 'litigation', reviewAt: '2030-01-01' },
      ['target'],
    ],
    [
      'a rule id with an underscore',
      { scope: 'rule', target: 'sakra_meddelanden', reason: 'litigation', reviewAt: '2030-01-01' },
      ['target'],
    ],
    ['a rule id too long', { scope: 'rule', target: 'r'.repeat(64), reason: 'litigation', reviewAt: '2030-01-01' }, ['target']],
    ['no reviewAt', { ...person, reviewAt: undefined }, ['reviewAt']],
    ['a reviewAt that is no date', { ...person, reviewAt: 'next spring' }, ['reviewAt']],
    ['reason other without a note', { ...person, reason: 'other' }, ['note']],
    ['a personnummer in the note', { ...person, note: 'Gäller 121212-1212' }, ['note']],
    ['a 12-digit personnummer in the note', { ...person, note: 'avser 191212121212 enligt dom' }, ['note']],
    ['a note that is too long', { ...person, note: 'x'.repeat(501) }, ['note']],
    ['an unknown field', { ...person, subjectKey: 'sk1_x' }, ['subjectKey']],
  ])('refuses %s, naming the field', (_, body, expected) => {
    expect(fields(SetHoldDto, body)).toEqual(expected);
  });

  it('explains what a rule id looks like', () => {
    const [violation] = violations(SetHoldDto, {
      scope: 'rule',
      target: 'Sakra-Meddelanden-Soc',
      reason: 'litigation',
      reviewAt: '2030-01-01',
    });
    expect(violation?.messages).toEqual(['target must be a rule id (2-63 lower-case letters, digits, hyphens)']);
  });

  it('never repeats the personnummer in its messages', () => {
    const text = JSON.stringify(violations(SetHoldDto, { ...person, personnummer: '19121212-1213', note: 'om 19121212-1212' }));
    expect(text).not.toMatch(/1212/);
  });
});

describe('the other DTOs', () => {
  it('ReviewHoldDto needs a date', () => {
    expect(fields(ReviewHoldDto, { reviewAt: '2030-01-01' })).toEqual([]);
    expect(fields(ReviewHoldDto, {})).toEqual(['reviewAt']);
  });

  it('ReleaseHoldDto takes an optional note without personnummer', () => {
    expect(fields(ReleaseHoldDto, {})).toEqual([]);
    expect(fields(ReleaseHoldDto, { note: 'Begäran besvarad' })).toEqual([]);
    expect(fields(ReleaseHoldDto, { note: '121212-1212 besvarad' })).toEqual(['note']);
  });

  it('HoldIdParams takes a UUID only', () => {
    expect(fields(HoldIdParams, { id: '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d' })).toEqual([]);
    expect(fields(HoldIdParams, { id: '../etc' })).toEqual(['id']);
  });

  it('ListHoldsQuery takes a scope and a limit from query strings', () => {
    expect(fields(ListHoldsQuery, { scope: 'person', limit: '50' })).toEqual([]);
    expect(fields(ListHoldsQuery, { scope: 'nobody', limit: '0' })).toEqual(['limit', 'scope']);
  });
});
