import type { GoverningRule, RuleRetirement } from './governing-rule.js';

/** Test data for governing rules (docs/style.md 20): archive, then delete two years after the conversation closed. */
export function governingRule(overrides: Partial<GoverningRule> = {}): GoverningRule {
  return {
    ruleId: 'sakra-meddelanden-soc',
    version: 1,
    unit: 'socialtjansten',
    informationType: 'secure-message',
    action: 'archive-then-delete',
    trigger: 'conversation-closed',
    after: 'P2Y',
    preconditions: ['archived', 'receipt-received'],
    decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
    activatedAt: '2025-01-11T09:00:00.000Z',
    retiredAt: null,
    ...overrides,
  };
}

/** The retirement of that rule (retention.rule.retired.v1), with version 1 active when it was retired. */
export function ruleRetirement(overrides: Partial<RuleRetirement> = {}): RuleRetirement {
  return { ruleId: 'sakra-meddelanden-soc', version: 1, retiredAt: '2026-12-05T10:00:00.000Z', ...overrides };
}
