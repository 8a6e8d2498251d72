import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { GoverningRule, RuleRetirement } from '../../../governing-rules/domain/governing-rule.js';
import { GoverningRulesRepository } from '../../../governing-rules/persistence/governing-rules.repository.js';
import type { Localised } from '../../domain/notice.model.js';
import { type RetentionLinkStatus, type RetentionProblem, resolveRetentionLinks, retentionProblems } from '../../domain/retention-links.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { type GoverningRuleView, governingRuleView } from '../../representations/governing-rule-view.js';

export interface RetentionLinksReport {
  id: string;
  version: number;
  publishedAt: string;
  status: 'published' | 'withdrawn';
  checkedAt: string;
  /** True when every statement cites a rule that is known here and not retired. */
  ok: boolean;
  statements: {
    index: number;
    text: Localised;
    retentionRuleRef: string | null;
    status: RetentionLinkStatus;
    rule: GoverningRuleView | null;
    /** When the cited rule was retired (ISO 8601); null unless `retired-rule`. */
    retiredAt: string | null;
    problems: RetentionProblem['type'][];
  }[];
  problems: RetentionProblem[];
}

/**
 * The DPO's check of one published version: each retention statement, the rule it cites, what that
 * rule resolves to in the notice service's copy of the retention rules, and what is wrong (`no-ref`,
 * `unknown-rule`, `retired-rule`). Read from the database, not the public cache, so it is as fresh as can be.
 */
@Injectable()
export class CheckRetentionLinksUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly rules: GoverningRulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(slug: string, version?: number): Promise<RetentionLinksReport> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    const wanted = version ?? notice.currentVersion;
    if (wanted === null) throw Problems.notFound(`A published version of the notice ${slug}`);
    const record = notice.versions.find((v) => v.version === wanted);
    if (!record) throw Problems.notFound(`Version ${wanted} of the notice ${slug}`);

    const { retention } = record.content;
    const refs = retention.flatMap((r) => (r.retentionRuleRef ? [r.retentionRuleRef] : []));
    const known = new Map<string, GoverningRule>((await this.rules.findByIds(refs)).map((r) => [r.ruleId, r]));
    const retired = new Map<string, RuleRetirement>((await this.rules.findRetirements(refs)).map((r) => [r.ruleId, r]));
    const links = resolveRetentionLinks(
      retention,
      (id) => known.get(id),
      (id) => retired.get(id),
    );
    const problems = retentionProblems(links);
    return {
      id: slug,
      version: record.version,
      publishedAt: record.publishedAt.toISOString(),
      status: notice.status === 'withdrawn' ? 'withdrawn' : 'published',
      checkedAt: this.clock.now().toISOString(),
      ok: problems.length === 0,
      statements: links.map((l) => ({
        index: l.index,
        text: l.text,
        retentionRuleRef: l.ref,
        status: l.status,
        rule: l.rule ? governingRuleView(l.rule) : null,
        retiredAt: l.retiredAt,
        problems: problems.filter((p) => p.statement === l.index).map((p) => p.type),
      })),
      problems,
    };
  }
}
