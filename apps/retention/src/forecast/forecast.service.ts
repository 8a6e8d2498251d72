import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { CANDIDATE_TRIGGERS, type CandidateTrigger, isCandidateTrigger } from '../candidates/candidate.js';
import { CandidatesQuery } from '../candidates/candidates.query.js';
import { type Duration, parseDuration } from '../domain/schedule/iso-duration.js';
import { HoldsQuery } from '../holds/holds.query.js';
import { type ActiveRule, requiresArchive } from '../rules/domain/rule.model.js';
import type { RuleCatalog } from '../rules/domain/rule.validation.js';
import { RULE_CATALOG } from '../rules/rule-catalog.token.js';
import { RulesQuery } from '../rules/rules.query.js';
import { knowsCandidatesOf } from '../runs/domain/run-plan.js';
import {
  countForecast,
  type Disposition,
  type ForecastItem,
  type ForecastResult,
  type ForecastRow,
  holdSetsOf,
  listForecastItems,
  planForecast,
  rowRange,
} from './domain/forecast.js';

/** The windows a forecast covers unless the caller picks one. */
export const FORECAST_DAYS = [30, 90] as const;
export type ForecastDays = (typeof FORECAST_DAYS)[number];

export interface RuleForecast extends ForecastResult {
  ruleId: string;
  version: number;
}

export interface RuleForecastItems {
  ruleId: string;
  version: number;
  unit: string;
  informationType: string;
  trigger: CandidateTrigger;
  /** Up to `limit + 1`: the page and, beyond it, the sign of the next. */
  items: ForecastItem[];
}

/**
 * A dry run of a rule's active version: reads the holds active now and streams the candidates it would
 * select, counting; deletes nothing and asks no service to.
 */
@Injectable()
export class ForecastService {
  constructor(
    private readonly rules: RulesQuery,
    private readonly holds: HoldsQuery,
    private readonly candidates: CandidatesQuery,
    private readonly clock: Clock,
    @Inject(RULE_CATALOG) private readonly catalog: RuleCatalog,
  ) {}

  async forecast(ruleId: string, days: readonly ForecastDays[] = FORECAST_DAYS): Promise<RuleForecast> {
    const { rule, after, trigger } = await this.forecastable(ruleId);
    const plan = planForecast(this.clock.now(), after, days);
    const exclusions = await this.holds.activeExclusions(rule.unit, rule.informationType, rule.ruleId);
    const items = this.candidates.stream(rule.unit, rule.informationType, trigger, plan.triggeredBefore);
    const result = await countForecast(plan, items, holdSetsOf(exclusions), requiresArchive(rule));
    return { ruleId: rule.ruleId, version: rule.version, ...result };
  }

  /**
   * The items behind one row of the forecast as of `asOf` (the first page's instant, kept by its cursor),
   * ordered by trigger instant then id, after `after`; with `disposition`, only those a run would treat so.
   * At most `limit + 1` are read, so the caller knows whether a next page follows.
   */
  async items(
    ruleId: string,
    query: { row: ForecastRow; asOf: Date; disposition?: Disposition; after?: { at: Date; id: string }; limit: number },
  ): Promise<RuleForecastItems> {
    const { rule, after, trigger } = await this.forecastable(ruleId);
    const plan = planForecast(query.asOf, after, FORECAST_DAYS);
    const exclusions = await this.holds.activeExclusions(rule.unit, rule.informationType, rule.ruleId);
    const stream = this.candidates.streamOrdered(rule.unit, rule.informationType, trigger, rowRange(plan, query.row), query.after);
    const items = await listForecastItems(stream, after, holdSetsOf(exclusions), requiresArchive(rule), query.limit, query.disposition);
    return { ruleId: rule.ruleId, version: rule.version, unit: rule.unit, informationType: rule.informationType, trigger, items };
  }

  /** The rule's active version if a forecast can be made of it; otherwise the problem that says why not. */
  private async forecastable(ruleId: string): Promise<{ rule: ActiveRule; after: Duration; trigger: CandidateTrigger }> {
    const rule = await this.rules.activeVersion(ruleId);
    if (!rule) {
      const retiredAt = await this.rules.retiredAt(ruleId);
      if (retiredAt)
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'rule-retired',
          'The rule is retired',
          `The rule ${ruleId} was retired on ${retiredAt.toISOString()}: it selects nothing, so nothing falls due by it.`,
        );
      throw Problems.notFound(`An active version of the rule ${ruleId}`);
    }
    if (rule.action === 'keep' || rule.after === null)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'keeps-forever',
        'The rule keeps forever',
        `Version ${rule.version} of the rule ${ruleId} keeps the information forever (action "keep"), so nothing ever falls due.`,
      );
    if (!isCandidateTrigger(rule.trigger))
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'trigger-unsupported',
        'Nothing is known of the rule’s trigger',
        `The rule ${ruleId} counts from "${rule.trigger}", which no owning service reports; a forecast needs ${CANDIDATE_TRIGGERS.join(' or ')}.`,
      );
    const owner = this.catalog.ownerOf(rule.informationType);
    if (!knowsCandidatesOf(owner))
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'forecast-unavailable',
        'Nothing is known here of the items the rule governs',
        `The ${owner ?? 'unknown'} service holds the information type ${rule.informationType} and does not announce its items, so ` +
          'no forecast can be made; a run selects and counts them in that service.',
      );
    return { rule, after: parseDuration(rule.after), trigger: rule.trigger };
  }
}
