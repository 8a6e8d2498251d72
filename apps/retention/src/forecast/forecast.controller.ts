import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow } from '@insyn/auth';
import { Clock } from '@insyn/platform';
import { ApiPagedResponse, filtersMatch, instantPosition, isInstant, linkNext, oneOf, pageOf, pageStart } from '@insyn/service-kit';
import type { Response } from 'express';
import { RuleParams } from '../rules/dto/rule.dto.js';
import { RULE_READERS } from '../rules/rules.controller.js';
import { FORECAST_ROWS, type ForecastRow } from './domain/forecast.js';
import {
  DISPOSITIONS,
  ForecastDto,
  ForecastItemDto,
  ForecastItemsQuery,
  ForecastQuery,
  forecastItemView,
  forecastView,
} from './dto/forecast.dto.js';
import { ForecastService } from './forecast.service.js';

/** The cursor's name for the forecast's item list: by trigger instant, then conversation id. */
const ITEMS_SORT = 'forecast-items';

/** Forecasts (dry runs): what a rule would delete in the coming days, without deleting anything. */
@ApiTags('retention rules')
@ApiBearerAuth()
@Controller('v1/rules')
export class ForecastController {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly clock: Clock,
  ) {}

  @Get(':ruleId/forecast')
  @Allow(RULE_READERS)
  @ApiOperation({
    summary: "A dry run of the rule's active version: items due now and within the next 30 and 90 days",
    description:
      'Counts, per window, the items that would be deleted (due), kept by a legal hold (held) and left because the rule ' +
      'requires them archived and they are not (blocked). Nothing is deleted. The items behind each count: GET …/forecast/items.',
  })
  @ApiOkResponse({ type: ForecastDto })
  @ApiNotFoundResponse({ description: 'Unknown rule, or no active version' })
  @ApiConflictResponse({ description: 'The rule is retired (`rule-retired`): it selects nothing, so nothing falls due by it' })
  @ApiUnprocessableEntityResponse({
    description:
      'The rule keeps forever (`keeps-forever`), counts from a trigger no service reports (`trigger-unsupported`), or governs ' +
      'items retention never hears of, such as the rights service’s access log (`forecast-unavailable`)',
  })
  async forecast(@Param() params: RuleParams, @Query() query: ForecastQuery): Promise<ForecastDto> {
    return forecastView(await this.forecasts.forecast(params.ruleId, query.days !== undefined ? [query.days] : undefined));
  }

  @Get(':ruleId/forecast/items')
  @Allow(RULE_READERS)
  @ApiOperation({
    summary: 'The items behind a row of the forecast: what a run would delete, keep for a hold, or leave unarchived; paged',
    description:
      'The conversations of one row (`row`: due now, or falling due within 30 or 90 days), each with its case reference when ' +
      'it has one, when its period started and when it falls due, and what a run would do with it (`disposition`, which ' +
      'also filters). Ordered by the start of the period, then by id. The first page fixes the instant the forecast is made ' +
      'for; its cursor keeps it with the filters, so the pages add up to the counts of one forecast. At most `limit` (1-200, ' +
      'default 200) a page; when more follow, `Link: <…?cursor=…>; rel="next"`. No subject keys: a person is never shown.',
  })
  @ApiPagedResponse({ path: '/v1/rules/{ruleId}/forecast/items', type: [ForecastItemDto] })
  @ApiNotFoundResponse({ description: 'Unknown rule, or no active version' })
  @ApiConflictResponse({ description: 'The rule is retired (`rule-retired`)' })
  @ApiUnprocessableEntityResponse({ description: 'As for the forecast: the rule keeps forever, or no forecast can be made of it' })
  async items(
    @Param() params: RuleParams,
    @Query() query: ForecastItemsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ForecastItemDto[]> {
    const start = pageStart<{ row: ForecastRow; disposition?: (typeof DISPOSITIONS)[number]; asOf: string }>(
      ITEMS_SORT,
      query,
      { row: query.row, disposition: query.disposition },
      {
        valid: (after) => instantPosition(after) !== undefined,
        validFilters: filtersMatch({ row: oneOf(FORECAST_ROWS), disposition: oneOf(DISPOSITIONS), asOf: isInstant }),
        defaults: { row: 'now', asOf: this.clock.now().toISOString() },
      },
    );
    const { row, disposition, asOf } = start.filters;
    const position = instantPosition(start.after);
    const list = await this.forecasts.items(params.ruleId, {
      row,
      asOf: new Date(asOf),
      ...(disposition ? { disposition } : {}),
      ...(position ? { after: position } : {}),
      limit: start.limit,
    });
    const page = pageOf(list.items, start, ITEMS_SORT, (item) => [item.triggeredAt.toISOString(), item.conversationId]);
    linkNext(res, `/v1/rules/${params.ruleId}/forecast/items`, page.next, query.limit);
    return page.items.map((item) => forecastItemView(list, item));
  }
}
