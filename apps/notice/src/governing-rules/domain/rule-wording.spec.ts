import { describe, expect, it } from '@jest/globals';
import { governingRule } from './governing-rule.fixtures.js';
import { actionInWords, decisionInWords, durationInWords, periodInWords, swedishDay } from './rule-wording.js';

describe('retention periods in words', () => {
  it.each([
    ['P2Y', '2 år', '2 years'],
    ['P1Y', '1 år', '1 year'],
    ['P18M', '18 månader', '18 months'],
    ['P1M', '1 månad', '1 month'],
    ['P1W', '1 vecka', '1 week'],
    ['P2W', '2 veckor', '2 weeks'],
    ['P90D', '90 dagar', '90 days'],
    ['P1D', '1 dag', '1 day'],
    ['P1Y6M', '1 år och 6 månader', '1 year and 6 months'],
    ['P1Y2M3D', '1 år, 2 månader och 3 dagar', '1 year, 2 months and 3 days'],
    ['PT36H', '36 timmar', '36 hours'],
    ['PT1H30M', '1 timme och 30 minuter', '1 hour and 30 minutes'],
    ['P02Y', '2 år', '2 years'],
  ])('%s is "%s" and "%s"', (iso, sv, en) => {
    expect(durationInWords(iso, 'sv')).toBe(sv);
    expect(durationInWords(iso, 'en')).toBe(en);
  });

  it('has no words for zero, and none for what is not a duration', () => {
    expect(durationInWords('P0D', 'sv')).toBeNull();
    for (const bad of ['P', 'PT', '2 years', 'P1.5Y', 'P1YT']) expect(durationInWords(bad, 'sv')).toBeUndefined();
  });

  it('counts from the trigger: "2 år efter att konversationen avslutats"', () => {
    expect(periodInWords(governingRule(), 'sv')).toBe('2 år efter att konversationen avslutats');
    expect(periodInWords(governingRule(), 'en')).toBe('2 years after the conversation was closed');
    expect(periodInWords(governingRule({ trigger: 'case-closed', after: 'P10Y' }), 'sv')).toBe('10 år efter att ärendet avslutats');
    expect(periodInWords(governingRule({ trigger: 'last-activity', after: 'P6M' }), 'en')).toBe('6 months after the last activity');
    expect(periodInWords(governingRule({ trigger: 'inaktualitet', after: 'P0D' }), 'sv')).toBe(
      'direkt efter att uppgifterna blivit inaktuella',
    );
  });

  it('says that a kept rule keeps, whatever its trigger', () => {
    const keep = governingRule({ action: 'keep', after: null, preconditions: [] });
    expect(periodInWords(keep, 'sv')).toBe('bevaras för framtiden (gallras inte)');
    expect(periodInWords(keep, 'en')).toBe('kept permanently (not deleted)');
  });

  it('never hides a period it cannot word: it shows it as written', () => {
    expect(periodInWords(governingRule({ after: 'P1.5Y' }), 'sv')).toBe('P1.5Y efter att konversationen avslutats');
  });

  it('words the action and the decision', () => {
    expect(actionInWords('archive-then-delete', 'sv')).toBe('Arkiveras, gallras sedan');
    expect(actionInWords('delete', 'en')).toBe('Deleted');
    expect(decisionInWords(governingRule().decision, 'sv')).toBe('Kommunstyrelsen, 2024-03-12, diarienummer KS-2024/0113, punkt 4.2');
    expect(decisionInWords(governingRule().decision, 'en')).toBe('Kommunstyrelsen, 2024-03-12, reference KS-2024/0113, punkt 4.2');
  });

  it('gives the Swedish calendar day of an instant, as the notices date a retirement', () => {
    expect(swedishDay('2026-12-05T10:00:00.000Z')).toBe('2026-12-05');
    expect(swedishDay('2026-12-05T23:30:00.000Z')).toBe('2026-12-06');
    expect(swedishDay('2026-06-30T22:00:00.000Z')).toBe('2026-07-01');
    expect(swedishDay('not an instant')).toBe('not an instant');
  });
});
