import type { GoverningRule } from '../../governing-rules/domain/governing-rule.js';
import { actionInWords, periodInWords, swedishDay, type Worded, worded } from '../../governing-rules/domain/rule-wording.js';
import type { RetentionLink } from '../domain/retention-links.js';
import type { RetentionStatement } from '../domain/notice.model.js';
import { TEXT } from './labels.js';
import type { PublicNoticeView } from './public-view.js';

/**
 * A governing rule as the JSON shows it: the rule as announced (`retiredAt` set once it is retired), plus
 * its period and action in words.
 */
export interface GoverningRuleView extends GoverningRule {
  period: Worded;
  actionLabel: Worded;
}

export function governingRuleView(rule: GoverningRule): GoverningRuleView {
  return {
    ...rule,
    preconditions: [...rule.preconditions],
    decision: { ...rule.decision },
    period: worded((lang) => periodInWords(rule, lang)),
    actionLabel: worded((lang) => actionInWords(rule.action, lang)),
  };
}

/**
 * What a retired rule means for the reader, in the page's words (labels.ts `ruleRetired`): the rule, the
 * Swedish day it was retired, and that nothing is deleted under it any more.
 */
export function retiredNote(ref: string, retiredAt: string): Worded {
  return worded((lang) => TEXT.ruleRetired[lang].replace('{ref}', () => ref).replace('{date}', () => swedishDay(retiredAt)));
}

/** A retention statement that cites a rule, with what it resolved to; one citing none is as written. */
export type LinkedRetentionStatement =
  | RetentionStatement
  | (RetentionStatement & { ruleStatus: 'linked'; rule: GoverningRuleView })
  | (RetentionStatement & { ruleStatus: 'retired-rule'; retiredAt: string; retiredNote: Worded; rule: GoverningRuleView | null })
  | (RetentionStatement & { ruleStatus: 'unknown-rule'; rule: null });

export function linkedStatement(statement: RetentionStatement, link: RetentionLink | undefined): LinkedRetentionStatement {
  if (!link || link.status === 'no-ref' || link.ref === null) return statement;
  const rule = link.rule ? governingRuleView(link.rule) : null;
  if (link.status === 'retired-rule' && link.retiredAt !== null)
    return {
      ...statement,
      ruleStatus: 'retired-rule',
      retiredAt: link.retiredAt,
      retiredNote: retiredNote(link.ref, link.retiredAt),
      rule,
    };
  if (rule) return { ...statement, ruleStatus: 'linked', rule };
  return { ...statement, ruleStatus: 'unknown-rule', rule: null };
}

/**
 * The JSON representation: the published view, with every statement that cites a rule showing the rule
 * (or `rule: null`, `ruleStatus: 'unknown-rule'`); one whose rule is retired says so (`ruleStatus:
 * 'retired-rule'`, `retiredAt`, `retiredNote` in both languages, and the rule as last active, or null when
 * none was heard of). A notice that cites no rule is exactly its view.
 */
export function renderNoticeJson(view: PublicNoticeView, links: readonly RetentionLink[]): PublicNoticeView | Record<string, unknown> {
  if (links.every((l) => l.status === 'no-ref')) return view;
  return { ...view, retention: view.retention.map((statement, i) => linkedStatement(statement, links[i])) };
}
