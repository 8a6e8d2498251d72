import type { GoverningRule } from '../../governing-rules/domain/governing-rule.js';
import { actionInWords, periodInWords, type Worded, worded } from '../../governing-rules/domain/rule-wording.js';
import type { RetentionLink } from '../domain/retention-links.js';
import type { RetentionStatement } from '../domain/notice.model.js';
import type { PublicNoticeView } from './public-view.js';

/** A governing rule as the JSON shows it: the rule as announced, plus its period and action in words. */
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

/** A retention statement that cites a rule, with what it resolved to; one citing none is as written. */
export type LinkedRetentionStatement =
  | RetentionStatement
  | (RetentionStatement & { ruleStatus: 'linked'; rule: GoverningRuleView })
  | (RetentionStatement & { ruleStatus: 'unknown-rule'; rule: null });

export function linkedStatement(statement: RetentionStatement, link: RetentionLink | undefined): LinkedRetentionStatement {
  if (!link || link.status === 'no-ref') return statement;
  if (link.rule) return { ...statement, ruleStatus: 'linked', rule: governingRuleView(link.rule) };
  return { ...statement, ruleStatus: 'unknown-rule', rule: null };
}

/**
 * The JSON representation: the published view, with every statement that cites a rule showing the rule
 * (or `rule: null`, `ruleStatus: 'unknown-rule'`). A notice that cites no rule is exactly its view.
 */
export function renderNoticeJson(view: PublicNoticeView, links: readonly RetentionLink[]): PublicNoticeView | Record<string, unknown> {
  if (links.every((l) => l.status === 'no-ref')) return view;
  return { ...view, retention: view.retention.map((statement, i) => linkedStatement(statement, links[i])) };
}
