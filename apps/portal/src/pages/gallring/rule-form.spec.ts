import { describe, expect, it } from '@jest/globals';
import { formValues, newRuleValues, parseNewRule, parseVersion, periodOf, serviceErrors, versionValues } from './rule-form.js';
import type { VersionView } from './rule-views.js';

const posted = (over: Record<string, unknown> = {}) => ({
  ruleId: ' Sakra-Meddelanden-KS ',
  unit: 'kommunstyrelsen',
  informationType: 'secure-message',
  action: 'archive-then-delete',
  trigger: 'conversation-closed',
  afterCount: '2',
  afterUnit: 'Y',
  schedule: ' 0  2 * * * ',
  decisionBody: 'Kommunstyrelsen',
  decisionDate: '2024-03-12',
  decisionReference: 'KS-2024/0113',
  decisionSection: 'punkt 4.2',
  ...over,
});

describe('the rule form', () => {
  it('reads a new rule into the retention service’s CreateRuleDto: a slug, the period as ISO 8601, the decision', () => {
    const parsed = parseNewRule(formValues(posted()), ['kommunstyrelsen'], 'sv');
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    expect(parsed.body).toEqual({
      ruleId: 'sakra-meddelanden-ks',
      unit: 'kommunstyrelsen',
      informationType: 'secure-message',
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P2Y',
      schedule: '0 2 * * *',
      preconditions: [],
      decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
    });
  });

  it('names each field that is wrong, in the page’s language', () => {
    const parsed = parseNewRule(
      formValues(
        posted({ ruleId: 'x', unit: 'nowhere', informationType: 'tax', afterCount: '0', schedule: '', decisionDate: '2024-02-30' }),
      ),
      ['kommunstyrelsen'],
      'en',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.field)).toEqual(['ruleId', 'unit', 'informationType', 'afterCount', 'schedule', 'decisionDate']);
    expect(parsed.errors[3]!.text).toBe('Write the retention period as a whole number from 1 to 999 and choose its unit.');
    expect(parsed.values.ruleId).toBe('x');
  });

  it('refuses an action or trigger the service does not know, and a period unit that is not one', () => {
    const parsed = parseVersion(formValues(posted({ action: 'burn', trigger: 'whenever', afterUnit: 'H' })), 'sv');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.field)).toEqual(['action', 'trigger']);
    const period = parseVersion(formValues(posted({ afterUnit: 'H' })), 'sv');
    expect(period.ok ? [] : period.errors.map((e) => e.field)).toEqual(['afterCount']);
  });

  it('sends a rule that keeps without period, schedule or preconditions, and a draft without its decision', () => {
    const parsed = parseVersion(
      formValues(posted({ action: 'keep', afterCount: '', schedule: '', preconditions: 'archived', decisionBody: '', decisionDate: '' })),
      'sv',
    );
    expect(parsed.ok && parsed.body).toEqual({
      action: 'keep',
      trigger: 'conversation-closed',
      preconditions: [],
      decision: { reference: 'KS-2024/0113', section: 'punkt 4.2' },
    });
  });

  it('sends the preconditions ticked for a rule that deletes, and only the known ones', () => {
    const parsed = parseVersion(formValues(posted({ action: 'delete', preconditions: ['receipt-received', 'burnt', 'archived'] })), 'sv');
    expect(parsed.ok && parsed.body.preconditions).toEqual(['archived', 'receipt-received']);
  });

  it('shows a draft as the form has it: the period as a number and a unit', () => {
    const draft: VersionView = {
      version: 2,
      status: 'draft',
      action: 'delete',
      trigger: 'last-activity',
      after: 'P1Y6M',
      preconditions: ['archived'],
      schedule: '30 3 * * 1',
      decision: { body: 'Socialnämnden', reference: 'SN-2023/12' },
    };
    expect(versionValues(draft, { ruleId: 'r1', unit: 'socialtjansten', informationType: 'secure-message' })).toEqual({
      ruleId: 'r1',
      unit: 'socialtjansten',
      informationType: 'secure-message',
      action: 'delete',
      trigger: 'last-activity',
      afterCount: '18',
      afterUnit: 'M',
      schedule: '30 3 * * 1',
      preconditions: ['archived'],
      decisionBody: 'Socialnämnden',
      decisionDate: '',
      decisionReference: 'SN-2023/12',
      decisionSection: '',
    });
    expect(newRuleValues()).toMatchObject({ action: 'archive-then-delete', schedule: '0 2 * * *', afterCount: '' });
  });

  it('reads a period of one unit, years with months as months, weeks with days as days, and nothing else', () => {
    expect(periodOf('P2Y')).toEqual({ count: 2, unit: 'Y' });
    expect(periodOf('P90D')).toEqual({ count: 90, unit: 'D' });
    expect(periodOf('P1W3D')).toEqual({ count: 10, unit: 'D' });
    expect(periodOf('P1Y2D')).toBeUndefined();
    expect(periodOf('PT5H')).toBeUndefined();
    expect(periodOf('P')).toBeUndefined();
    expect(periodOf(null)).toBeUndefined();
  });

  it('puts the service’s refusals beside the fields it names, in its words, and the rest on the form', () => {
    const problem = {
      detail: 'The rule is not valid; see errors for each field and the reason.',
      errors: [
        { field: 'schedule', messages: ['"0 25 * * *" is not a valid cron expression'] },
        { field: 'decision.date', messages: ['the decision is dated in the future'] },
        { field: 'after', messages: ['too long'] },
        { field: 'somethingElse', messages: ['odd'] },
        { field: 'schedule', messages: [] },
      ],
    };
    expect(serviceErrors(problem, 'form')).toEqual([
      { field: 'schedule', text: '"0 25 * * *" is not a valid cron expression', lang: 'en' },
      { field: 'decisionDate', text: 'the decision is dated in the future', lang: 'en' },
      { field: 'afterCount', text: 'too long', lang: 'en' },
      { field: 'form', text: 'odd', lang: 'en' },
    ]);
    expect(serviceErrors({ detail: 'A draft exists already' }, 'form')).toEqual([
      { field: 'form', text: 'A draft exists already', lang: 'en' },
    ]);
    expect(serviceErrors(undefined, 'form')).toEqual([]);
  });
});
