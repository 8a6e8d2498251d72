import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { CANDIDATE_TRIGGERS, isCandidateTrigger } from '../candidates/candidate.js';
import { CandidatesQuery } from '../candidates/candidates.query.js';
import { parseDuration } from '../domain/schedule/iso-duration.js';
import { HoldsQuery } from '../holds/holds.query.js';
import { requiresArchive } from '../rules/domain/rule.model.js';
import type { RuleCatalog } from '../rules/domain/rule.validation.js';
import { RULE_CATALOG } from '../rules/rule-catalog.token.js';
import { RulesQuery } from '../rules/rules.query.js';
import { knowsCandidatesOf } from '../runs/domain/run-plan.js';
import { countForecast, type ForecastResult, holdSetsOf, planForecast } from './domain/forecast.js';

/** The windows a forecast covers unless the caller picks one. */
export const FORECAST_DAYS = [30, 90] as const;
export type ForecastDays = (typeof FORECAST_DAYS)[number];

export interface RuleForecast extends ForecastResult {
  ruleId: string;
  version: number;
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
    const rule = await this.rules.activeVersion(ruleId);
    if (!rule) throw Problems.notFound(`An active version of the rule ${ruleId}`);
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
    const plan = planForecast(this.clock.now(), parseDuration(rule.after), days);
    const exclusions = await this.holds.activeExclusions(rule.unit, rule.informationType, rule.ruleId);
    const items = this.candidates.stream(rule.unit, rule.informationType, rule.trigger, plan.triggeredBefore);
    const result = await countForecast(plan, items, holdSetsOf(exclusions), requiresArchive(rule));
    return { ruleId: rule.ruleId, version: rule.version, ...result };
  }
}
