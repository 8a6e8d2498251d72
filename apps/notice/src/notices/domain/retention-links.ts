import type { GoverningRule, RuleRetirement } from '../../governing-rules/domain/governing-rule.js';
import type { Localised, RetentionStatement } from './notice.model.js';

/**
 * How a retention statement stands to the rule it cites: `linked` (the rule is known here and governs),
 * `retired-rule` (it cites a rule the retention service has retired: it no longer deletes anything, ADR
 * 0024), `unknown-rule` (it cites a rule the retention service never announced) or `no-ref` (it cites none).
 */
export type RetentionLinkStatus = 'linked' | 'retired-rule' | 'unknown-rule' | 'no-ref';

export interface RetentionLink {
  /** The statement's place in the notice's `retention` list. */
  index: number;
  text: Localised;
  ref: string | null;
  status: RetentionLinkStatus;
  /** The rule as last announced active; null when none was heard of (also for a rule retired before). */
  rule: GoverningRule | null;
  /** When the cited rule was retired (ISO 8601); null unless `retired-rule`. */
  retiredAt: string | null;
}

export interface RetentionProblem {
  statement: number;
  type: Exclude<RetentionLinkStatus, 'linked'>;
  ref: string | null;
  detail: string;
}

/**
 * Each statement with the rule that governs it, looked up by its `retentionRuleRef`. A rule is retired
 * when it says so (`retiredAt`) or when only its retirement is known (`retirementOf`: retired before any
 * activation of it was heard here).
 */
export function resolveRetentionLinks(
  retention: readonly RetentionStatement[],
  lookup: (ruleId: string) => GoverningRule | undefined,
  retirementOf: (ruleId: string) => Pick<RuleRetirement, 'retiredAt'> | undefined = () => undefined,
): RetentionLink[] {
  return retention.map((statement, index): RetentionLink => {
    const ref = statement.retentionRuleRef ?? null;
    if (ref === null) return { index, text: statement.text, ref, status: 'no-ref', rule: null, retiredAt: null };
    const rule = lookup(ref) ?? null;
    const retiredAt = rule?.retiredAt ?? retirementOf(ref)?.retiredAt ?? null;
    const status = retiredAt !== null ? 'retired-rule' : rule ? 'linked' : 'unknown-rule';
    return { index, text: statement.text, ref, status, rule, retiredAt };
  });
}

/** What a DPO must look at: statements citing no rule, a rule that is not known, or a rule that is retired. */
export function retentionProblems(links: readonly RetentionLink[]): RetentionProblem[] {
  return links.flatMap((link): RetentionProblem[] => {
    switch (link.status) {
      case 'linked':
        return [];
      case 'retired-rule':
        return [
          {
            statement: link.index,
            type: 'retired-rule',
            ref: link.ref,
            detail:
              `Statement ${link.index} cites the retention rule "${link.ref ?? ''}", which the retention service retired at ` +
              `${link.retiredAt ?? ''}: it no longer governs deletion. Cite the rule that governs the data now, or say how long they are kept.`,
          },
        ];
      case 'unknown-rule':
        return [
          {
            statement: link.index,
            type: 'unknown-rule',
            ref: link.ref,
            detail: `Statement ${link.index} cites the retention rule "${link.ref ?? ''}", which the retention service has not announced as active.`,
          },
        ];
      case 'no-ref':
        return [
          {
            statement: link.index,
            type: 'no-ref',
            ref: null,
            detail: `Statement ${link.index} cites no retention rule, so nothing shows which rule and decision govern it.`,
          },
        ];
    }
  });
}

/** Changes exactly when what the links show changes: which rule version each cited rule resolves to, and whether it is retired. */
export function linksKey(links: readonly RetentionLink[]): string {
  return links
    .map((l) => {
      const retired = l.retiredAt !== null ? ` retired ${l.retiredAt}` : '';
      return l.rule ? `${l.rule.ruleId}@${l.rule.version}${retired}` : `${l.status}${retired}`;
    })
    .join('|');
}
