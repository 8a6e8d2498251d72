// Shared by the run use cases' unit tests: no holds, and an active rule (strict port fakes: strictFake of @insyn/testing).
import type { ActiveExclusions } from '../../holds/holds.query.js';
import type { ActiveRule } from '../../rules/domain/rule.model.js';

export const NO_HOLDS: ActiveExclusions = { subjectKeys: [], itemIds: [], unitHeld: false, ruleHeld: false, holdIds: [] };

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
