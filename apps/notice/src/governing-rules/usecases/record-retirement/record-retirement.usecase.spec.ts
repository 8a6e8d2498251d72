import { beforeEach, describe, expect, it } from '@jest/globals';
import type { RuleRetiredV1 } from '@insyn/contracts';
import { governingRule, ruleRetirement } from '../../domain/governing-rule.fixtures.js';
import { GoverningRules } from '../../governing-rules.js';
import { RecordRuleActivationUseCase } from '../record-activation/record-activation.usecase.js';
import { fixedClock as clock, InMemoryGoverningRulesRepository } from '../use-case-fakes.js';
import { RecordRuleRetirementUseCase } from './record-retirement.usecase.js';

const RULE = 'sakra-meddelanden-soc';
const RETIRED_AT = '2026-12-05T10:00:00.000Z';

/** retention.rule.retired.v1's data: version 1 was active when the rule was retired. */
const retired = (over: Partial<RuleRetiredV1> = {}): RuleRetiredV1 => ({
  ruleId: RULE,
  version: 1,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  retiredAt: RETIRED_AT,
  retiredBy: 'official:SE2321000230-a',
  ...over,
});

describe('RecordRuleRetirementUseCase', () => {
  let repository: InMemoryGoverningRulesRepository;
  let rules: GoverningRules;
  let retire: RecordRuleRetirementUseCase;
  let activate: RecordRuleActivationUseCase;

  beforeEach(() => {
    repository = new InMemoryGoverningRulesRepository();
    rules = new GoverningRules(repository);
    retire = new RecordRuleRetirementUseCase(repository, rules, clock);
    activate = new RecordRuleActivationUseCase(repository, rules, clock);
  });

  it('stores the retirement and shows the rule retired on this instance at once, keeping what it said', async () => {
    await activate.execute(governingRule(), 'a1');
    const generation = rules.generation;
    expect(await retire.execute(retired(), 'r1')).toBe('inserted');
    expect(repository.retirements.get(RULE)).toEqual({ ruleId: RULE, version: 1, retiredAt: RETIRED_AT, eventId: 'r1' });
    expect(rules.get(RULE)).toMatchObject({ version: 1, after: 'P2Y', decision: { reference: 'KS-2024/0113' }, retiredAt: RETIRED_AT });
    expect(rules.generation).toBeGreaterThan(generation);
    expect(await repository.findByIds([RULE])).toMatchObject([{ version: 1, retiredAt: RETIRED_AT }]);
  });

  it('does not keep who retired the rule: the notices never name the official', async () => {
    await retire.execute(retired(), 'r1');
    expect(JSON.stringify([...repository.retirements.values(), rules.retirement(RULE)])).not.toContain('SE2321000230');
  });

  it('changes nothing when the same retirement is delivered again', async () => {
    await activate.execute(governingRule(), 'a1');
    await retire.execute(retired(), 'r1');
    const generation = rules.generation;
    expect(await retire.execute(retired({ retiredAt: '2027-01-01T00:00:00.000Z' }), 'r2')).toBe('unchanged');
    expect(repository.retirements.get(RULE)).toMatchObject({ retiredAt: RETIRED_AT, eventId: 'r1' });
    expect(rules.get(RULE)!.retiredAt).toBe(RETIRED_AT);
    expect(rules.generation).toBe(generation);
  });

  it('keeps a retirement heard before the rule, and shows the rule retired when its activation arrives', async () => {
    expect(await retire.execute(retired({ version: 2 }), 'r1')).toBe('inserted');
    expect(rules.get(RULE)).toBeUndefined();
    expect(rules.retirement(RULE)).toEqual({ ruleId: RULE, version: 2, retiredAt: RETIRED_AT });
    expect(await repository.findRetirements([RULE])).toEqual([{ ruleId: RULE, version: 2, retiredAt: RETIRED_AT, eventId: 'r1' }]);

    // The activations on their own topic, late: each is stored, and the rule shows retired.
    expect(await activate.execute(governingRule({ version: 1 }), 'a1')).toBe('inserted');
    expect(await activate.execute(governingRule({ version: 2, after: 'P1Y' }), 'a2')).toBe('replaced');
    expect(rules.get(RULE)).toMatchObject({ version: 2, after: 'P1Y', retiredAt: RETIRED_AT });
    expect(await repository.findAll()).toMatchObject([{ version: 2, retiredAt: RETIRED_AT }]);
  });

  it('a retired rule is never activated again (ADR 0024): an activation heard after the retirement never undoes it', async () => {
    await activate.execute(governingRule({ version: 1 }), 'a1');
    await retire.execute(retired(), 'r1');
    await activate.execute(governingRule({ version: 1 }), 'a1-again');
    await activate.execute(governingRule({ version: 3, activatedAt: '2027-02-01T00:00:00.000Z' }), 'a3');
    expect(rules.get(RULE)).toMatchObject({ version: 3, retiredAt: RETIRED_AT });
    expect(await repository.findByIds([RULE])).toMatchObject([{ version: 3, retiredAt: RETIRED_AT }]);
  });

  it('a retirement of a rule no version of which was ever active (version null) is kept too', async () => {
    expect(await retire.execute(retired({ version: null }), 'r1')).toBe('inserted');
    expect(rules.retirement(RULE)).toMatchObject({ version: null, retiredAt: RETIRED_AT });
  });

  it('the in-memory rules merge the stored retirements, of known rules and of rules not heard of, and never un-retire one', async () => {
    repository.stored.set(RULE, { ...governingRule({ version: 4 }), eventId: 'a4' });
    repository.retirements.set(RULE, { ...ruleRetirement({ version: 4 }), eventId: 'r4' });
    repository.retirements.set('annan-regel', { ...ruleRetirement({ ruleId: 'annan-regel', version: null }), eventId: 'r9' });
    rules.apply(governingRule({ ruleId: 'tredje-regel' }));
    rules.applyRetirement(ruleRetirement({ ruleId: 'tredje-regel' }));
    await rules.reload();
    expect(rules.get(RULE)).toMatchObject({ version: 4, retiredAt: RETIRED_AT });
    expect(rules.get('annan-regel')).toBeUndefined();
    expect(rules.retirement('annan-regel')).toMatchObject({ version: null });
    expect(rules.get('tredje-regel')).toMatchObject({ retiredAt: RETIRED_AT });
  });
});
