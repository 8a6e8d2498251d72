// Shared by the run use cases' unit tests: a strict fake of a port, no holds, and an active rule.
import type { ActiveExclusions } from '../../holds/holds.query.js';
import type { ActiveRule } from '../../rules/domain/rule.model.js';

export const NO_HOLDS: ActiveExclusions = { subjectKeys: [], itemIds: [], unitHeld: false, ruleHeld: false, holdIds: [] };

/** A port whose every method throws unless the test fakes it (docs/style.md 17). */
export function strict<T extends object>(port: string, fakes: Partial<T>): T {
  return new Proxy(fakes as T, {
    get: (target, name) => {
      const value = (target as Record<string | symbol, unknown>)[name];
      if (value === undefined && typeof name === 'string' && name !== 'then') throw new Error(`${port}.${name} was not faked`);
      return value;
    },
  });
}

/** Version 2 of a rule that deletes a year after closing, activated under its decision. */
export const activeRule = (over: Partial<ActiveRule> = {}): ActiveRule => ({
  ruleId: 'sakra-meddelanden-soc',
  unit: 'socialtjansten',
  informationType: 'secure-message',
  version: 2,
  action: 'delete',
  trigger: 'conversation-closed',
  after: 'P1Y',
  preconditions: [],
  schedule: '0 2 * * *',
  decision: { body: 'Socialnämnden', date: '2025-05-12', reference: 'SN 2025/101', section: '§ 45' },
  activatedAt: new Date('2025-06-01T00:00:00Z'),
  activatedBy: 'official:SE2120000001-ark1',
  ...over,
});
