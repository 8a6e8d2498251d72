import { describe, expect, it } from '@jest/globals';
import { factory } from './rule.fixtures.js';
import { activate, activeRuleOf, addDraft, decisionBoundChanges, replaceDraft, sameReference } from './rule.versioning.js';

const at = new Date('2025-06-01T10:00:00Z');
const today = { year: 2025, month: 6, day: 1 };
const active = (overrides = {}) =>
  factory.version({ status: 'active', activatedAt: new Date('2025-01-11T00:00:00Z'), activatedBy: 'official:a', ...overrides });

describe('activate', () => {
  it('activates a draft with a complete decision', () => {
    const rule = factory.rule();
    const planned = activate(rule, 1, at, 'official:b', today);
    expect(planned.ok && planned.value).toEqual([
      { ...rule.versions[0], status: 'active', activatedAt: at, activatedBy: 'official:b', updatedAt: at },
    ]);
  });

  it('refuses (422) a draft without a complete decision, naming the missing parts', () => {
    const rule = factory.rule([factory.version({ decision: { body: 'Kommunstyrelsen' } })]);
    const planned = activate(rule, 1, at, 'official:b', today);
    expect(planned.ok).toBe(false);
    if (planned.ok) return;
    expect(planned.refusal).toMatchObject({ status: 422, type: 'decision-required' });
    expect(planned.refusal.errors?.map((e) => e.field)).toEqual(['decision.date', 'decision.reference', 'decision.section']);
  });

  it('refuses (409) a change of after under the same decision reference', () => {
    const rule = factory.rule([
      active(),
      factory.version({ version: 2, after: 'P1Y', decision: factory.decision({ reference: ' ks-2024/0113 ' }) }),
    ]);
    const planned = activate(rule, 2, at, 'official:b', today);
    expect(!planned.ok && planned.refusal).toMatchObject({ status: 409, type: 'decision-not-renewed', errors: [{ field: 'after' }] });
  });

  it.each([
    ['trigger', { trigger: 'case-closed' as const }],
    ['action', { action: 'delete' as const }],
    ['preconditions', { preconditions: ['archived' as const], action: 'delete' as const }],
  ])('refuses (409) a change of %s under the same decision reference', (field, change) => {
    const rule = factory.rule([active(), factory.version({ version: 2, ...change })]);
    const planned = activate(rule, 2, at, 'official:b', today);
    expect(!planned.ok && planned.refusal.errors?.map((e) => e.field)).toContain(field);
  });

  it('activates a changed version under a new decision and supersedes the active one', () => {
    const rule = factory.rule([
      active(),
      factory.version({ version: 2, after: 'P1Y', decision: factory.decision({ reference: 'KS-2025/0200' }) }),
    ]);
    const planned = activate(rule, 2, at, 'official:b', today);
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.value.map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'active'],
    ]);
    expect(planned.value[0]).toMatchObject({ supersededAt: at, supersededBy: 2, after: 'P2Y' });
  });

  it('lets a schedule-only change keep the decision', () => {
    const rule = factory.rule([active(), factory.version({ version: 2, schedule: '30 3 * * MON-FRI' })]);
    expect(activate(rule, 2, at, 'official:b', today).ok).toBe(true);
  });

  it('never changes an active or superseded version, and 404s an unknown one', () => {
    const rule = factory.rule([factory.version({ status: 'superseded' }), active({ version: 2 })]);
    const again = activate(rule, 2, at, 'x', today);
    expect(!again.ok && again.refusal).toMatchObject({ status: 409, type: 'not-a-draft' });
    const superseded = activate(rule, 1, at, 'x', today);
    expect(!superseded.ok && superseded.refusal).toMatchObject({ status: 409, type: 'not-a-draft' });
    const missing = activate(rule, 7, at, 'x', today);
    expect(!missing.ok && missing.refusal.status).toBe(404);
  });
});

describe('drafts', () => {
  it('adds the next version as a draft, but not while a draft exists', () => {
    const withActive = factory.rule([active()]);
    const planned = addDraft(withActive, factory.content({ after: 'P3Y' }), at, 'official:b');
    expect(planned.ok && planned.value.map((v) => [v.version, v.status, v.after])).toEqual([
      [1, 'active', 'P2Y'],
      [2, 'draft', 'P3Y'],
    ]);
    const refused = addDraft(factory.rule(), factory.content(), at, 'official:b');
    expect(!refused.ok && refused.refusal).toMatchObject({ status: 409, type: 'draft-exists' });
  });

  it('replaces the draft, honouring If-Match', () => {
    const rule = factory.rule([active(), factory.version({ version: 2, revision: 3 })]);
    const planned = replaceDraft(rule, factory.content({ after: 'P5Y' }), at, '"2.3"');
    expect(planned.ok && planned.value[1]).toMatchObject({ version: 2, revision: 4, after: 'P5Y', status: 'draft' });
    expect(planned.ok && planned.value[0]).toBe(rule.versions[0]);
    const stale = replaceDraft(rule, factory.content(), at, '"2.2"');
    expect(!stale.ok && stale.refusal.status).toBe(412);
    const none = replaceDraft(factory.rule([active()]), factory.content(), at, '*');
    expect(!none.ok && none.refusal).toMatchObject({ status: 409, type: 'no-draft' });
    const unconditional = replaceDraft(rule, factory.content(), at, undefined);
    expect(!unconditional.ok && unconditional.refusal).toMatchObject({ status: 428, type: 'precondition-required' });
  });
});

describe('helpers', () => {
  it('compares decision references without case or spacing, and never matches empty ones', () => {
    expect(sameReference('KS 2024/113', ' ks  2024/113')).toBe(true);
    expect(sameReference('KS-1', 'KS-2')).toBe(false);
    expect(sameReference(undefined, undefined)).toBe(false);
  });

  it('lists decision-bound changes, ignoring the order of preconditions and the schedule', () => {
    const a = factory.content();
    expect(decisionBoundChanges(a, { ...a, preconditions: ['receipt-received', 'archived'], schedule: '0 3 * * *' })).toEqual([]);
    expect(decisionBoundChanges(a, { ...a, after: 'P1Y', trigger: 'case-closed' })).toEqual(['trigger', 'after']);
  });

  it('reads the active rule with its decision', () => {
    expect(activeRuleOf(factory.rule())).toBeNull();
    expect(activeRuleOf(factory.rule([active()]))).toMatchObject({
      ruleId: 'sakra-meddelanden-soc',
      version: 1,
      after: 'P2Y',
      decision: { reference: 'KS-2024/0113' },
    });
  });
});
