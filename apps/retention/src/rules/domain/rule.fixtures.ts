import type { Decision, Rule, RuleVersion, RuleVersionContent } from './rule.model.js';

/** Test data for rules (docs/style.md 20): a valid, decided "archive then delete after two years" version. */
export const factory = {
  decision(overrides: Partial<Decision> = {}): Decision {
    return { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2', ...overrides };
  },

  content(overrides: Partial<RuleVersionContent> = {}): RuleVersionContent {
    return {
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P2Y',
      preconditions: ['archived', 'receipt-received'],
      schedule: '0 2 * * *',
      decision: factory.decision(),
      ...overrides,
    };
  },

  version(overrides: Partial<RuleVersion> = {}): RuleVersion {
    const at = new Date('2025-01-10T09:00:00Z');
    return {
      version: 1,
      status: 'draft',
      revision: 1,
      ...factory.content(),
      createdAt: at,
      createdBy: 'official:test',
      updatedAt: at,
      ...overrides,
    };
  },

  rule(versions: RuleVersion[] = [factory.version()], overrides: Partial<Rule> = {}): Rule {
    const at = new Date('2025-01-10T09:00:00Z');
    return {
      ruleId: 'sakra-meddelanden-soc',
      unit: 'socialtjansten',
      informationType: 'secure-message',
      versions,
      activeVersion: versions.find((v) => v.status === 'active')?.version ?? null,
      draftVersion: versions.find((v) => v.status === 'draft')?.version ?? null,
      revision: versions.length,
      createdAt: at,
      createdBy: 'official:test',
      updatedAt: at,
      ...overrides,
    };
  },
};
