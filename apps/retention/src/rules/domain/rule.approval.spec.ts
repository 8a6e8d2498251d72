import { describe, expect, it } from '@jest/globals';
import { approveActivation, rejectActivation, requestActivation, retire } from './rule.approval.js';
import { factory } from './rule.fixtures.js';
import type { Rule } from './rule.model.js';
import { activeRuleOf, addDraft, replaceDraft } from './rule.versioning.js';

const at = new Date('2025-06-01T10:00:00Z');
const today = { year: 2025, month: 6, day: 1 };
const anna = { id: 'official:anna', name: 'Anna Admin', key: 'official:sk1_anna' };
const dana = { id: 'official:dana', name: 'Dana Dataskydd', key: 'official:sk1_dana' };
const active = () => factory.version({ status: 'active', activatedAt: new Date('2025-01-11T00:00:00Z'), activatedBy: 'official:a' });

const submitted = (rule: Rule = factory.rule()): Rule => {
  const planned = requestActivation(rule, rule.draftVersion!, at, anna, today);
  if (!planned.ok) throw new Error(planned.refusal.detail);
  return { ...rule, approval: planned.value };
};

describe('four-eyes activation', () => {
  it('submits a draft that activation would accept, with who asked and when', () => {
    const planned = requestActivation(factory.rule(), 1, at, anna, today);
    expect(planned.ok && planned.value).toEqual({
      version: 1,
      requestedBy: 'official:anna',
      requestedByName: 'Anna Admin',
      requesterKey: 'official:sk1_anna',
      requestedAt: at,
    });
  });

  it('refuses to submit what activation would refuse (422), and a second request while one waits (409)', () => {
    const undecided = factory.rule([factory.version({ decision: {} })]);
    const refused = requestActivation(undecided, 1, at, anna, today);
    expect(!refused.ok && refused.refusal).toMatchObject({ status: 422, type: 'decision-required' });
    const again = requestActivation(submitted(), 1, at, dana, today);
    expect(!again.ok && again.refusal).toMatchObject({ status: 409, type: 'approval-pending' });
  });

  it('activates on a second person’s approval, keeping both of them on the version', () => {
    const rule = submitted(
      factory.rule([active(), factory.version({ version: 2, decision: factory.decision({ reference: 'KS-2025/1' }) })]),
    );
    const planned = approveActivation(rule, 2, at, dana, today);
    expect(planned.ok && planned.value.map((v) => v.status)).toEqual(['superseded', 'active']);
    expect(planned.ok && planned.value[1]).toMatchObject({
      activatedBy: 'official:dana',
      activatedAt: at,
      requestedBy: 'official:anna',
      requestedByName: 'Anna Admin',
      requestedAt: at,
      approvedBy: 'official:dana',
      approvedByName: 'Dana Dataskydd',
    });
  });

  it('refuses the requester’s own approval (403), and approval of nothing or of another version (409)', () => {
    const rule = submitted();
    const own = approveActivation(rule, 1, at, { id: 'official:anna', name: 'Someone Else' }, today);
    expect(!own.ok && own.refusal).toMatchObject({ status: 403, type: 'four-eyes' });
    // The same person with a new card (another HSA-id) is still the same person.
    const newCard = approveActivation(rule, 1, at, { id: 'official:anna-new-card', key: 'official:sk1_anna' }, today);
    expect(!newCard.ok && newCard.refusal).toMatchObject({ status: 403, type: 'four-eyes' });
    const none = approveActivation(factory.rule(), 1, at, dana, today);
    expect(!none.ok && none.refusal).toMatchObject({ status: 409, type: 'nothing-pending' });
    const other = approveActivation(rule, 2, at, dana, today);
    expect(!other.ok && other.refusal).toMatchObject({ status: 409, type: 'nothing-pending' });
  });

  it('rejects a request with a reason, and refuses to reject when nothing waits', () => {
    const planned = rejectActivation(submitted(), 1, at, dana, 'Fel paragraf');
    expect(planned.ok && planned.value).toEqual({
      version: 1,
      requestedBy: 'official:anna',
      rejectedBy: 'official:dana',
      rejectedByName: 'Dana Dataskydd',
      rejectedAt: at,
      reason: 'Fel paragraf',
    });
    const none = rejectActivation(factory.rule(), 1, at, dana, 'x');
    expect(!none.ok && none.refusal).toMatchObject({ status: 409, type: 'nothing-pending' });
  });
});

describe('retire', () => {
  it('retires the active version: no active rule is left for runs and forecasts', () => {
    const rule = submitted(factory.rule([active(), factory.version({ version: 2 })]));
    const planned = retire(rule, at, anna, 'Verksamheten har upphört');
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.value.versions.map((v) => v.status)).toEqual(['retired', 'draft']);
    expect(planned.value.versions[0]).toMatchObject({ retiredAt: at });
    expect(planned.value.retirement).toEqual({
      at,
      by: 'official:anna',
      byName: 'Anna Admin',
      reason: 'Verksamheten har upphört',
      version: 1,
    });
    const retired: Rule = { ...rule, versions: planned.value.versions, activeVersion: null, retired: planned.value.retirement };
    expect(activeRuleOf(retired)).toBeNull();
    // Even a record that still named an active version selects nothing once retired.
    expect(activeRuleOf({ ...retired, activeVersion: 1, versions: rule.versions })).toBeNull();
  });

  it('refuses (409) to retire twice, and a retired rule takes no new version, edit or approval', () => {
    const rule = submitted();
    const first = retire(rule, at, anna, 'x');
    if (!first.ok) throw new Error('not retired');
    const retired: Rule = { ...rule, versions: first.value.versions, activeVersion: null, approval: null, retired: first.value.retirement };
    const again = retire(retired, at, anna, 'y');
    expect(!again.ok && again.refusal).toMatchObject({ status: 409, type: 'already-retired' });
    const edit = replaceDraft(retired, factory.content(), at, '"1.1"');
    expect(!edit.ok && edit.refusal).toMatchObject({ status: 409, type: 'rule-retired' });
    const add = addDraft({ ...retired, draftVersion: null }, factory.content(), at, 'official:anna');
    expect(!add.ok && add.refusal).toMatchObject({ status: 409, type: 'rule-retired' });
    const submit = requestActivation(retired, 1, at, anna, today);
    expect(!submit.ok && submit.refusal).toMatchObject({ status: 409, type: 'rule-retired' });
    const approve = approveActivation({ ...retired, approval: rule.approval }, 1, at, dana, today);
    expect(!approve.ok && approve.refusal).toMatchObject({ status: 409, type: 'rule-retired' });
  });
});
