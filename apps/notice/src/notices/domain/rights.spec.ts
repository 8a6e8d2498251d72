import { describe, expect, it } from '@jest/globals';
import { basis, group, override, text } from './notice.fixtures.js';
import type { Art6Code, LegalBasisGroup, RightCode, RightsOverride } from './notice.model.js';
import { deriveRights, type DerivedRights, RightsOverrideError, type RightsInput } from './rights.js';

function rightsOf(groups: LegalBasisGroup[], extra: Partial<RightsInput> = {}): DerivedRights {
  return deriveRights({ legalBasisGroups: groups, automatedMeans: true, ...extra });
}

function applying(rights: DerivedRights): RightCode[] {
  return Object.values(rights)
    .filter((r) => r.applies)
    .map((r) => r.right);
}

function problemsOf(input: RightsInput): RightsOverrideError['problems'] {
  try {
    deriveRights(input);
  } catch (error) {
    if (error instanceof RightsOverrideError) return error.problems;
    throw error;
  }
  throw new Error('expected deriveRights to reject the override');
}

describe('deriveRights: each art. 6.1 basis alone (processing by automated means)', () => {
  // The full table, GDPR arts. 7.3, 15–18, 20 and 21. One row per basis.
  const table: Array<[Art6Code, RightCode[]]> = [
    ['6.1.a', ['access', 'rectification', 'erasure', 'restriction', 'portability', 'withdraw-consent']],
    ['6.1.b', ['access', 'rectification', 'erasure', 'restriction', 'portability']],
    ['6.1.c', ['access', 'rectification', 'restriction']],
    ['6.1.d', ['access', 'rectification', 'erasure', 'restriction']],
    ['6.1.e', ['access', 'rectification', 'restriction', 'objection']],
    ['6.1.f', ['access', 'rectification', 'erasure', 'restriction', 'objection']],
  ];

  it.each(table)('%s gives exactly %j', (code, expected) => {
    const rights = rightsOf([group('g', [code])]);
    expect(applying(rights)).toEqual(expected);
    for (const right of expected) {
      expect(rights[right].basisCodes).toEqual([code]);
      expect(rights[right].grants).toEqual([{ groupId: 'g', code }]);
      expect(rights[right].appliesIn).toEqual(['g']);
      expect(rights[right].limitedBy).toEqual([]);
    }
  });

  it('names the GDPR article each right comes from', () => {
    const rights = rightsOf([group('g', ['6.1.a'])]);
    expect(Object.fromEntries(Object.values(rights).map((r) => [r.right, r.article]))).toEqual({
      access: '15',
      rectification: '16',
      erasure: '17',
      restriction: '18',
      portability: '20',
      objection: '21',
      'withdraw-consent': '7.3',
    });
  });

  it.each(['6.1.a', '6.1.b'] as const)('%s gives no portability when processing is not automated (art. 20.1 b)', (code) => {
    const rights = rightsOf([group('g', [code])], { automatedMeans: false });
    expect(rights.portability.applies).toBe(false);
    expect(rights.portability.basisCodes).toEqual([]);
    expect(rights.erasure.applies).toBe(true);
  });
});

describe('deriveRights: combinations', () => {
  it('6.1 e + 6.1 f: objection from both, erasure only from f, no portability', () => {
    const rights = rightsOf([group('g', ['6.1.e', '6.1.f'])]);
    expect(rights.objection.basisCodes).toEqual(['6.1.e', '6.1.f']);
    expect(rights.erasure.basisCodes).toEqual(['6.1.f']);
    expect(rights.portability.applies).toBe(false);
    expect(rights['withdraw-consent'].applies).toBe(false);
  });

  it('6.1 c + 6.1 e: public-interest and legal-obligation bases give neither erasure nor portability', () => {
    const rights = rightsOf([group('g', ['6.1.c', '6.1.e'])]);
    expect(applying(rights)).toEqual(['access', 'rectification', 'restriction', 'objection']);
    expect(rights.objection.basisCodes).toEqual(['6.1.e']);
    expect(rights.access.basisCodes).toEqual(['6.1.c', '6.1.e']);
  });

  it('keeps the context: rights from 6.1 b apply only in the group that has it', () => {
    const rights = rightsOf([group('socialtjanst', ['6.1.e']), group('arbetsgivare', ['6.1.b', '6.1.c', '6.1.e'])]);
    expect(rights.erasure.appliesIn).toEqual(['arbetsgivare']);
    expect(rights.erasure.grants).toEqual([{ groupId: 'arbetsgivare', code: '6.1.b' }]);
    expect(rights.portability.appliesIn).toEqual(['arbetsgivare']);
    expect(rights.objection.appliesIn).toEqual(['socialtjanst', 'arbetsgivare']);
    expect(rights.objection.basisCodes).toEqual(['6.1.e']);
    expect(rights.access.appliesIn).toEqual(['socialtjanst', 'arbetsgivare']);
  });

  it('6.1 a + 9.2 a: consent, ordinary and explicit, can be withdrawn and gives portability', () => {
    const rights = rightsOf([group('g', ['6.1.a', '9.2.a'])]);
    expect(rights['withdraw-consent'].basisCodes).toEqual(['6.1.a', '9.2.a']);
    expect(rights.portability.basisCodes).toEqual(['6.1.a', '9.2.a']);
    expect(rights.objection.applies).toBe(false);
  });

  it('9.2 a alongside 6.1 e: explicit consent to special categories can still be withdrawn (art. 7.3), but gives no portability (art. 20.3)', () => {
    const rights = rightsOf([group('g', ['6.1.e', '9.2.a'])]);
    expect(rights['withdraw-consent'].basisCodes).toEqual(['9.2.a']);
    expect(rights.portability.applies).toBe(false);
    expect(rights.portability.grants).toEqual([]);
    expect(rights.erasure.applies).toBe(false);
    expect(rights.objection.basisCodes).toEqual(['6.1.e']);
  });

  it('9.2 a beside 6.1 c gives no portability either; beside 6.1 a in another group it still does', () => {
    const rights = rightsOf([group('plikt', ['6.1.c', '9.2.a']), group('samtycke', ['6.1.a', '9.2.a'])]);
    expect(rights.portability.grants).toEqual([
      { groupId: 'samtycke', code: '6.1.a' },
      { groupId: 'samtycke', code: '9.2.a' },
    ]);
    expect(rights.portability.appliesIn).toEqual(['samtycke']);
  });

  it('art. 9.2 h and art. 10 add no rights of their own', () => {
    const plain = rightsOf([group('g', ['6.1.e'])]);
    const withConditions = rightsOf([{ id: 'g', context: text('g'), bases: [basis('6.1.e'), basis('9.2.h'), basis('10')] }]);
    expect(applying(withConditions)).toEqual(applying(plain));
    expect(withConditions.access.basisCodes).toEqual(['6.1.e']);
  });
});

describe('deriveRights: overrides that limit', () => {
  const twoGroups = [group('socialtjanst', ['6.1.e']), group('arbetsgivare', ['6.1.b', '6.1.e'])];

  it('"limit" keeps the right but records the limitation and its law', () => {
    const limit = override({ right: 'access', effect: 'limit' });
    const rights = rightsOf(twoGroups, { rightsOverrides: [limit] });
    expect(rights.access.applies).toBe(true);
    expect(rights.access.appliesIn).toEqual(['socialtjanst', 'arbetsgivare']);
    expect(rights.access.limitedBy).toEqual([limit]);
  });

  it('"remove" in one group takes the right away there only', () => {
    const remove = override({
      right: 'objection',
      groupId: 'socialtjanst',
      law: { gdpr: '21.1', label: text('Tvingande berättigade skäl') },
    });
    const rights = rightsOf(twoGroups, { rightsOverrides: [remove] });
    expect(rights.objection.applies).toBe(true);
    expect(rights.objection.appliesIn).toEqual(['arbetsgivare']);
    expect(rights.objection.grants).toHaveLength(2);
    expect(rights.objection.limitedBy).toEqual([remove]);
  });

  it('"remove" without a group takes the right away in the whole notice, keeping the bases that would give it', () => {
    const remove = override({ right: 'erasure', law: { gdpr: '17.3.b', label: text('Arkivlagen kräver bevarande') } });
    const rights = rightsOf(twoGroups, { rightsOverrides: [remove] });
    expect(rights.erasure.applies).toBe(false);
    expect(rights.erasure.appliesIn).toEqual([]);
    expect(rights.erasure.basisCodes).toEqual(['6.1.b']);
    expect(rights.erasure.limitedBy).toEqual([remove]);
    expect(rights.portability.applies).toBe(true);
  });
});

describe('deriveRights: overrides can never add a right', () => {
  const publicTask = [group('g', ['6.1.e'])];

  it('rejects an effect other than remove or limit', () => {
    const add = { ...override({ right: 'portability' }), effect: 'add' } as unknown as RightsOverride;
    const problems = problemsOf({ legalBasisGroups: publicTask, automatedMeans: true, rightsOverrides: [add] });
    expect(problems).toContainEqual({
      index: 0,
      field: 'effect',
      message: 'an override can only "remove" or "limit" a right; it can never add one',
    });
  });

  it.each(['portability', 'erasure', 'withdraw-consent'] as const)('rejects an override of %s, which 6.1 e does not give', (right) => {
    const problems = problemsOf({
      legalBasisGroups: publicTask,
      automatedMeans: true,
      rightsOverrides: [override({ right, effect: 'limit' })],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('right');
  });

  it('rejects an override scoped to a group whose bases do not give the right, even if another group does', () => {
    const groups = [group('avtal', ['6.1.b']), group('myndighet', ['6.1.e'])];
    const problems = problemsOf({
      legalBasisGroups: groups,
      automatedMeans: true,
      rightsOverrides: [override({ right: 'objection', groupId: 'avtal' })],
    });
    expect(problems).toEqual([
      {
        index: 0,
        field: 'right',
        message:
          'no legal basis in group "avtal" gives the right "objection", so there is nothing to limit; an override can never add a right',
      },
    ]);
  });

  it('rejects limiting withdrawal of consent, which art. 23 does not allow national law to restrict', () => {
    const problems = problemsOf({
      legalBasisGroups: [group('g', ['6.1.a'])],
      automatedMeans: true,
      rightsOverrides: [override({ right: 'withdraw-consent', effect: 'limit' })],
    });
    expect(problems.map((p) => p.field)).toEqual(['right']);
    expect(problems[0]?.message).toMatch(/art\. 7\.3/);
  });

  it('requires a law citation and a reason, and a known right and group', () => {
    const bad = { right: 'fame', effect: 'remove', groupId: 'nowhere', reason: { sv: ' ' } } as unknown as RightsOverride;
    const problems = problemsOf({ legalBasisGroups: publicTask, automatedMeans: true, rightsOverrides: [bad] });
    expect(problems.map((p) => p.field).sort()).toEqual(['groupId', 'law', 'reason', 'right']);
  });

  it('carries every problem in the error message', () => {
    const add = { ...override({ right: 'portability' }), effect: 'add' } as unknown as RightsOverride;
    expect(() => deriveRights({ legalBasisGroups: publicTask, automatedMeans: true, rightsOverrides: [add] })).toThrow(
      /rightsOverrides\[0\]\.effect: .*never add/,
    );
  });
});

describe('deriveRights: automated means per group (art. 20.1 b)', () => {
  it('a group processed by hand gives no portability though the notice is automated, and the other way round', () => {
    const paper = { ...group('papper', ['6.1.a']), automatedMeans: false };
    const digital = group('digitalt', ['6.1.b']);
    expect(rightsOf([paper, digital]).portability.appliesIn).toEqual(['digitalt']);

    const automatedGroup = { ...group('sms', ['6.1.a']), automatedMeans: true };
    const rights = rightsOf([group('arkiv', ['6.1.b']), automatedGroup], { automatedMeans: false });
    expect(rights.portability.appliesIn).toEqual(['sms']);
    expect(rights['withdraw-consent'].appliesIn).toEqual(['sms']);
  });
});

describe('deriveRights: archiving in the public interest (art. 17.3 d)', () => {
  const archiving = {
    text: text('Allmänna handlingar arkiveras enligt arkivlagen.'),
    law: [{ sfs: '1990:782', label: text('arkivlagen') }],
  };

  it('limits erasure by itself, with the statement as the reason and art. 17.3 d as the law', () => {
    const rights = rightsOf([group('avtal', ['6.1.b'])], { archiving });
    expect(rights.erasure.applies).toBe(true);
    expect(rights.erasure.limitedBy).toEqual([
      { right: 'erasure', effect: 'limit', law: { gdpr: '17.3.d', label: expect.anything() }, reason: archiving.text },
    ]);
    expect(rights.access.limitedBy).toEqual([]);
  });

  it('adds nothing where no basis gives erasure', () => {
    expect(rightsOf([group('allmant', ['6.1.e'])], { archiving }).erasure.limitedBy).toEqual([]);
  });
});
