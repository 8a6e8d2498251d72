import type { GoverningRule } from '../../governing-rules/domain/governing-rule.js';
import type { Localised, RetentionStatement } from './notice.model.js';

/**
 * How a retention statement stands to the rule it cites: `linked` (the rule is known here),
 * `unknown-rule` (it cites a rule the retention service never announced) or `no-ref` (it cites none).
 */
export type RetentionLinkStatus = 'linked' | 'unknown-rule' | 'no-ref';

export interface RetentionLink {
  /** The statement's place in the notice's `retention` list. */
  index: number;
  text: Localised;
  ref: string | null;
  status: RetentionLinkStatus;
  rule: GoverningRule | null;
}

export interface RetentionProblem {
  statement: number;
  type: Exclude<RetentionLinkStatus, 'linked'>;
  ref: string | null;
  detail: string;
}

/** Each statement with the rule that governs it, looked up by its `retentionRuleRef`. */
export function resolveRetentionLinks(
  retention: readonly RetentionStatement[],
  lookup: (ruleId: string) => GoverningRule | undefined,
): RetentionLink[] {
  return retention.map((statement, index) => {
    const ref = statement.retentionRuleRef ?? null;
    if (ref === null) return { index, text: statement.text, ref, status: 'no-ref', rule: null };
    const rule = lookup(ref) ?? null;
    return { index, text: statement.text, ref, status: rule ? 'linked' : 'unknown-rule', rule };
  });
}

/** What a DPO must look at: statements citing no rule, or a rule that is not known. */
export function retentionProblems(links: readonly RetentionLink[]): RetentionProblem[] {
  return links.flatMap((link): RetentionProblem[] => {
    switch (link.status) {
      case 'linked':
        return [];
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

/** Changes exactly when what the links show changes: which rule version each cited rule resolves to. */
export function linksKey(links: readonly RetentionLink[]): string {
  return links.map((l) => (l.rule ? `${l.rule.ruleId}@${l.rule.version}` : l.status)).join('|');
}
