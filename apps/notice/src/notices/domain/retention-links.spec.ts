import { describe, expect, it } from '@jest/globals';
import { governingRule, ruleRetirement } from '../../governing-rules/domain/governing-rule.fixtures.js';
import type { GoverningRule } from '../../governing-rules/domain/governing-rule.js';
import { text } from './notice.fixtures.js';
import { linksKey, resolveRetentionLinks, retentionProblems } from './retention-links.js';

const known = new Map<string, GoverningRule>([['sakra-meddelanden-soc', governingRule({ version: 3 })]]);
const lookup = (id: string) => known.get(id);
const retention = [
  { text: text('Gallras två år efter att konversationen avslutats.'), retentionRuleRef: 'sakra-meddelanden-soc' },
  { text: text('Loggar gallras efter 90 dagar.'), retentionRuleRef: 'sms-avisering-logg' },
  { text: text('Gallras enligt gällande gallringsregler.') },
];

describe('retention statements and the rules that govern them', () => {
  it('resolves each statement by its ref: linked, unknown rule, or no ref', () => {
    const links = resolveRetentionLinks(retention, lookup);
    expect(links.map((l) => [l.index, l.ref, l.status, l.rule?.version ?? null])).toEqual([
      [0, 'sakra-meddelanden-soc', 'linked', 3],
      [1, 'sms-avisering-logg', 'unknown-rule', null],
      [2, null, 'no-ref', null],
    ]);
    expect(links[0]!.text).toBe(retention[0]!.text);
  });

  it('lists what a DPO must look at, by statement', () => {
    const problems = retentionProblems(resolveRetentionLinks(retention, lookup));
    expect(problems.map((p) => [p.statement, p.type, p.ref])).toEqual([
      [1, 'unknown-rule', 'sms-avisering-logg'],
      [2, 'no-ref', null],
    ]);
    expect(problems[0]!.detail).toContain('sms-avisering-logg');
  });

  it('finds nothing wrong when every statement cites a known rule', () => {
    expect(retentionProblems(resolveRetentionLinks([retention[0]!], lookup))).toEqual([]);
    expect(retentionProblems(resolveRetentionLinks([], lookup))).toEqual([]);
  });

  it('keys the links by what they show, so a page is rendered again exactly when a cited rule changes', () => {
    const before = linksKey(resolveRetentionLinks(retention, lookup));
    expect(before).toBe('sakra-meddelanden-soc@3|unknown-rule|no-ref');
    const after = linksKey(
      resolveRetentionLinks(retention, (id) => (id === 'sms-avisering-logg' ? governingRule({ ruleId: id }) : lookup(id))),
    );
    expect(after).toBe('sakra-meddelanden-soc@3|sms-avisering-logg@1|no-ref');
  });

  it('a statement citing a retired rule is retired-rule, whether its last version is known or only its retirement, and a problem', () => {
    const retiredAt = '2026-12-05T10:00:00.000Z';
    const links = resolveRetentionLinks(
      retention,
      (id) => (id === 'sakra-meddelanden-soc' ? governingRule({ version: 3, retiredAt }) : undefined),
      (id) => (id === 'sms-avisering-logg' ? ruleRetirement({ ruleId: id, version: null, retiredAt }) : undefined),
    );
    expect(links.map((l) => [l.ref, l.status, l.rule?.version ?? null, l.retiredAt])).toEqual([
      ['sakra-meddelanden-soc', 'retired-rule', 3, retiredAt],
      ['sms-avisering-logg', 'retired-rule', null, retiredAt],
      [null, 'no-ref', null, null],
    ]);
    const problems = retentionProblems(links);
    expect(problems.map((p) => [p.statement, p.type, p.ref])).toEqual([
      [0, 'retired-rule', 'sakra-meddelanden-soc'],
      [1, 'retired-rule', 'sms-avisering-logg'],
      [2, 'no-ref', null],
    ]);
    expect(problems[0]!.detail).toContain('no longer governs deletion');
    // The page is rendered again when a rule is retired.
    expect(linksKey(links)).not.toBe(linksKey(resolveRetentionLinks(retention, lookup)));
    expect(linksKey(links)).toBe(`sakra-meddelanden-soc@3 retired ${retiredAt}|retired-rule retired ${retiredAt}|no-ref`);
  });
});
