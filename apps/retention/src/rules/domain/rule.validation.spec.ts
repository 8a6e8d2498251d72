import { describe, expect, it } from '@jest/globals';
import { checkScope, checkVersionContent, decisionViolations, isCalendarDate, type RuleCatalog } from './rule.validation.js';

const catalog: RuleCatalog = {
  hasUnit: (u) => ['socialtjansten', 'kommunstyrelsen'].includes(u),
  hasInformationType: (t) => t === 'secure-message',
  units: () => ['kommunstyrelsen', 'socialtjansten'],
  informationTypes: () => ['secure-message'],
  ownerOf: (type: string) => (type === 'secure-message' ? 'messages' : undefined),
};
const today = { year: 2025, month: 6, day: 1 };

describe('checkScope', () => {
  it('accepts a known unit and information type', () => {
    expect(checkScope('socialtjansten', 'secure-message', catalog)).toEqual([]);
  });

  it('names the unknown unit and type, with the known ones', () => {
    const violations = checkScope('skolan', 'e-mail', catalog);
    expect(violations.map((v) => v.field)).toEqual(['unit', 'informationType']);
    expect(violations[0]!.messages[0]).toContain('unknown unit "skolan"; known units: kommunstyrelsen, socialtjansten');
    expect(violations[1]!.messages[0]).toContain('secure-message');
  });
});

describe('checkVersionContent', () => {
  const base = { action: 'delete' as const, trigger: 'case-closed' as const, after: 'P2Y', schedule: '0 2 * * *' };

  it('accepts and normalises a deleting version', () => {
    const checked = checkVersionContent({
      ...base,
      preconditions: ['receipt-received', 'archived', 'archived'],
      decision: { reference: ' KS-1 ' },
    });
    expect(checked).toEqual({
      ok: true,
      value: { ...base, preconditions: ['archived', 'receipt-received'], decision: { reference: 'KS-1' } },
    });
  });

  it('gives archive-then-delete both preconditions', () => {
    const checked = checkVersionContent({ ...base, action: 'archive-then-delete', preconditions: [] });
    expect(checked.ok && checked.value.preconditions).toEqual(['archived', 'receipt-received']);
  });

  it('refuses an invalid duration with the reason from durationProblem', () => {
    const checked = checkVersionContent({ ...base, after: 'P2Y1' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.violations).toEqual([
      { field: 'after', messages: [expect.stringContaining('Invalid ISO 8601 duration "P2Y1": the number 1 at the end has no unit')] },
    ]);
  });

  it('refuses an invalid schedule with the reason from cronProblem', () => {
    const checked = checkVersionContent({ ...base, schedule: '0 0 30 2 *' });
    expect(!checked.ok && checked.violations).toEqual([{ field: 'schedule', messages: [expect.stringContaining('it never runs')] }]);
  });

  it('requires after and schedule for deleting actions', () => {
    const checked = checkVersionContent({ action: 'delete', trigger: 'last-activity' });
    expect(!checked.ok && checked.violations.map((v) => v.field)).toEqual(['after', 'schedule']);
  });

  it('refuses after, schedule and preconditions on keep', () => {
    expect(checkVersionContent({ action: 'keep', trigger: 'case-closed' })).toMatchObject({
      ok: true,
      value: { after: null, schedule: null, preconditions: [] },
    });
    const checked = checkVersionContent({
      action: 'keep',
      trigger: 'case-closed',
      after: 'P1Y',
      schedule: '0 2 * * *',
      preconditions: ['archived'],
    });
    expect(!checked.ok && checked.violations.map((v) => v.field)).toEqual(['after', 'schedule', 'preconditions']);
  });

  it('refuses a decision date that is not a date, but allows an incomplete decision in a draft', () => {
    expect(checkVersionContent({ ...base, decision: { body: 'Kommunstyrelsen' } }).ok).toBe(true);
    const checked = checkVersionContent({ ...base, decision: { date: '2024-02-30' } });
    expect(!checked.ok && checked.violations.map((v) => v.field)).toEqual(['decision.date']);
  });

  it('refuses, already in a draft, a decision text the gallringsprotokoll could not print', () => {
    const checked = checkVersionContent({ ...base, decision: { section: 'punkt 4.2\n(bilaga 1)' } });
    expect(!checked.ok && checked.violations.map((v) => v.field)).toEqual(['decision.section']);
  });
});

describe('decisionViolations', () => {
  it('accepts a complete decision dated today or earlier', () => {
    expect(decisionViolations({ body: 'KS', date: '2025-06-01', reference: 'KS-1', section: '4.2' }, today)).toEqual([]);
  });

  it('names every missing part', () => {
    expect(decisionViolations({ body: ' ', reference: 'KS-1' }, today).map((v) => v.field)).toEqual([
      'decision.body',
      'decision.date',
      'decision.section',
    ]);
  });

  it('refuses decision texts the gallringsprotokoll could not print: several lines, over 200 characters, a personnummer', () => {
    const decision = { body: 'KS', date: '2025-06-01', reference: 'KS-1', section: 'punkt 4.2\n(bilaga 1)' };
    expect(decisionViolations(decision, today)).toEqual([
      {
        field: 'decision.section',
        messages: [expect.stringContaining('single-line text: every run writes it into the gallringsprotokoll')],
      },
    ]);
    expect(decisionViolations({ ...decision, section: '4.2', body: 'x'.repeat(201) }, today).map((v) => v.field)).toEqual([
      'decision.body',
    ]);
    expect(decisionViolations({ ...decision, section: '4.2', reference: 'KS-1 (19121212-1212)' }, today)).toEqual([
      { field: 'decision.reference', messages: [expect.stringContaining('looks like it holds a personnummer')] },
    ]);
  });

  it('refuses a decision dated in the future', () => {
    const [violation] = decisionViolations({ body: 'KS', date: '2025-06-02', reference: 'KS-1', section: '4.2' }, today);
    expect(violation).toMatchObject({ field: 'decision.date', messages: [expect.stringContaining('after today (2025-06-01)')] });
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['24-01-01', false],
  ])('%s → %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});
