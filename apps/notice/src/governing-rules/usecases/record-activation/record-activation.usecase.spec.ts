import { beforeEach, describe, expect, it } from '@jest/globals';
import type { GoverningRule } from '../../domain/governing-rule.js';
import { governingRule } from '../../domain/governing-rule.fixtures.js';
import { GoverningRules } from '../../governing-rules.js';
import { fixedClock as clock, InMemoryGoverningRulesRepository as InMemoryRepository } from '../use-case-fakes.js';
import { RecordRuleActivationUseCase } from './record-activation.usecase.js';

/** The event's data: the same fields as a governing rule. */
const activation = (version: number, over: Partial<GoverningRule> = {}) => governingRule({ ...over, version });

describe('RecordRuleActivationUseCase', () => {
  let repository: InMemoryRepository;
  let rules: GoverningRules;
  let useCase: RecordRuleActivationUseCase;

  beforeEach(() => {
    repository = new InMemoryRepository();
    rules = new GoverningRules(repository);
    useCase = new RecordRuleActivationUseCase(repository, rules, clock);
  });

  it('stores the rule and shows it on this instance at once', async () => {
    expect(await useCase.execute(activation(1), 'e1')).toBe('inserted');
    expect(repository.stored.get('sakra-meddelanden-soc')).toMatchObject({ version: 1, after: 'P2Y', eventId: 'e1' });
    expect(rules.get('sakra-meddelanden-soc')).toMatchObject({ version: 1, decision: { reference: 'KS-2024/0113' } });
  });

  it('takes a higher version, and keeps it when a lower one arrives late', async () => {
    await useCase.execute(activation(1), 'e1');
    expect(await useCase.execute(activation(3, { after: 'P1Y' }), 'e3')).toBe('replaced');
    const generation = rules.generation;
    expect(await useCase.execute(activation(2, { after: 'P5Y' }), 'e2')).toBe('unchanged');
    expect(repository.stored.get('sakra-meddelanden-soc')).toMatchObject({ version: 3, after: 'P1Y', eventId: 'e3' });
    expect(rules.get('sakra-meddelanden-soc')).toMatchObject({ version: 3, after: 'P1Y' });
    expect(rules.generation).toBe(generation);
  });

  it('changes nothing when the same activation is delivered again', async () => {
    await useCase.execute(activation(1), 'e1');
    const generation = rules.generation;
    expect(await useCase.execute(activation(1), 'e1')).toBe('unchanged');
    expect(repository.stored.get('sakra-meddelanden-soc')!.eventId).toBe('e1');
    expect(rules.generation).toBe(generation);
  });

  it('the in-memory rules merge the stored ones without going back a version', async () => {
    rules.apply(governingRule({ version: 5 }));
    repository.stored.set('sakra-meddelanden-soc', { ...governingRule({ version: 4 }), eventId: 'e4' });
    repository.stored.set('annan-regel', { ...governingRule({ ruleId: 'annan-regel' }), eventId: 'e9' });
    await rules.reload();
    expect(rules.get('sakra-meddelanden-soc')!.version).toBe(5);
    expect(rules.get('annan-regel')!.version).toBe(1);
  });
});
