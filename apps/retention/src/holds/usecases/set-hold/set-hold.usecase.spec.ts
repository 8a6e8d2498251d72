import type { RetentionEnv } from '../../../config/retention-env.js';
import { describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { SubjectKeys } from '@insyn/person';
import type { Clock, IdGenerator } from '@insyn/platform';
import type { Hold } from '../../domain/hold.js';
import { HoldsConfig } from '../../holds.config.js';
import type { HoldsRepository, InsertOutcome } from '../../persistence/holds.repository.js';
import type { Rule } from '../../../rules/domain/rule.model.js';
import type { RulesRepository } from '../../../rules/persistence/rules.repository.js';
import { SetHold, type SetHoldInput } from './set-hold.usecase.js';
import { problemOf, strictFake } from '@insyn/testing';

const SECRET = 'unit-test-subject-secret-of-32-bytes!!';
const now = new Date('2026-03-15T10:00:00Z');
const official = { kind: 'official' as const, id: 'SE2321000230-test1' };

/** The only rule the fake rules repository knows. */
const KNOWN_RULE = 'sakra-meddelanden-soc';

function setup(outcome: InsertOutcome = { inserted: true }) {
  const insert = jest.fn<(hold: Hold) => Promise<InsertOutcome>>().mockResolvedValue(outcome);
  const repo = strictFake<HoldsRepository>('HoldsRepository', { insert });
  const findById = jest
    .fn<(ruleId: string) => Promise<Rule | null>>()
    .mockImplementation((ruleId) => Promise.resolve(ruleId === KNOWN_RULE ? ({ ruleId } as Rule) : null));
  const rules = strictFake<RulesRepository>('RulesRepository', { findById });
  const env: Record<string, string> = { SUBJECT_KEY_SECRET: SECRET, RETENTION_UNITS: JSON.stringify({ socialtjansten: { name: 'IFO' } }) };
  const config = new HoldsConfig({ get: (k: string) => env[k] } as unknown as ConfigService<RetentionEnv, true>);
  const clock: Clock = { now: () => now };
  const ids: IdGenerator = { next: () => '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d' };
  return { useCase: new SetHold(repo, config, rules, clock, ids), insert, findById };
}

const personInput: SetHoldInput = {
  scope: 'person',
  personnummer: '19121212-1212',
  reason: 'litigation',
  reviewAt: '2026-06-01T00:00:00Z',
};

describe('SetHold', () => {
  it('stores a person by subject key only', async () => {
    const { useCase, insert } = setup();
    const hold = await useCase.execute(personInput, official);
    expect(hold).toMatchObject({
      scope: 'person',
      target: new SubjectKeys(SECRET).of('191212121212'),
      setBy: official,
      setAt: now,
      changedAt: now,
    });
    expect(JSON.stringify(insert.mock.calls)).not.toMatch(/1212-?1212/);
  });

  it.each([
    ['in the past', '2026-03-15T09:00:00Z'],
    ['more than a year ahead', '2027-03-16T00:00:00Z'],
  ])('refuses a review date %s with 422 naming reviewAt, storing nothing', async (_, reviewAt) => {
    const { useCase, insert } = setup();
    const problem = await problemOf(useCase.execute({ ...personInput, reviewAt }, official));
    expect(problem.getStatus()).toBe(422);
    expect(problem.errors?.map((e) => e.field)).toEqual(['reviewAt']);
    expect(insert).not.toHaveBeenCalled();
  });

  it('refuses a unit the service does not know', async () => {
    const { useCase, insert } = setup();
    const problem = await problemOf(
      useCase.execute({ scope: 'unit', target: 'gatukontoret', reason: 'litigation', reviewAt: '2026-06-01T00:00:00Z' }, official),
    );
    expect(problem.getStatus()).toBe(422);
    expect(problem.errors?.map((e) => e.field)).toEqual(['target']);
    expect(insert).not.toHaveBeenCalled();
  });

  it('sets a hold on a rule that exists', async () => {
    const { useCase, insert, findById } = setup();
    const hold = await useCase.execute(
      { scope: 'rule', target: KNOWN_RULE, reason: 'litigation', reviewAt: '2026-06-01T00:00:00Z' },
      official,
    );
    expect(findById).toHaveBeenCalledWith(KNOWN_RULE);
    expect(hold).toMatchObject({ scope: 'rule', target: KNOWN_RULE });
    expect(insert).toHaveBeenCalledTimes(1);
  });

  it('refuses a rule that does not exist with 422 naming target, storing nothing', async () => {
    const { useCase, insert } = setup();
    const problem = await problemOf(
      useCase.execute({ scope: 'rule', target: 'sakra-meddelanden-sox', reason: 'litigation', reviewAt: '2026-06-01T00:00:00Z' }, official),
    );
    expect(problem.getStatus()).toBe(422);
    expect(problem.problemType).toBe('unprocessable');
    expect(problem.errors).toEqual([{ field: 'target', messages: ['target is not a rule of the retention service'] }]);
    expect(insert).not.toHaveBeenCalled();
  });

  it('names both an unknown rule and a bad review date in one 422', async () => {
    const { useCase } = setup();
    const problem = await problemOf(
      useCase.execute({ scope: 'rule', target: 'no-such-rule', reason: 'litigation', reviewAt: '2020-01-01T00:00:00Z' }, official),
    );
    expect(problem.getStatus()).toBe(422);
    expect(problem.errors?.map((e) => e.field)).toEqual(['reviewAt', 'target']);
  });

  it.each([
    ['with capitals', 'Sakra-Meddelanden-Soc'],
    ['with an underscore', 'sakra_meddelanden_soc'],
    ['missing', undefined],
  ])('refuses a rule id %s with 400 without asking the rules', async (_, target) => {
    const { useCase, insert, findById } = setup();
    const problem = await problemOf(
      useCase.execute(
        { scope: 'rule', ...(target !== undefined ? { target } : {}), reason: 'litigation', reviewAt: '2026-06-01T00:00:00Z' },
        official,
      ),
    );
    expect(problem.getStatus()).toBe(400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['target']);
    expect(findById).not.toHaveBeenCalled();
    expect(insert).not.toHaveBeenCalled();
  });

  it('answers an overlap with 409 naming the existing hold', async () => {
    const existing = { holdId: '0190a3c4-0000-7000-8000-000000000001', scope: 'unit' } as Hold;
    const { useCase } = setup({ inserted: false, existing });
    const problem = await problemOf(
      useCase.execute({ scope: 'unit', target: 'socialtjansten', reason: 'litigation', reviewAt: '2026-06-01T00:00:00Z' }, official),
    );
    expect(problem.getStatus()).toBe(409);
    expect(problem.extensions).toEqual({ existingHoldId: existing.holdId });
  });
});
