import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Allow } from '@insyn/auth';
import { RuleParams } from '../rules/dto/rule.dto.js';
import { RULE_READERS } from '../rules/rules.controller.js';
import { ForecastDto, ForecastQuery, forecastView } from './dto/forecast.dto.js';
import { ForecastService } from './forecast.service.js';

/** Forecasts (dry runs): what a rule would delete in the coming days, without deleting anything. */
@ApiTags('retention rules')
@ApiBearerAuth()
@Controller('v1/rules')
export class ForecastController {
  constructor(private readonly forecasts: ForecastService) {}

  @Get(':ruleId/forecast')
  @Allow(RULE_READERS)
  @ApiOperation({
    summary: "A dry run of the rule's active version: items due now and within the next 30 and 90 days",
    description:
      'Counts, per window, the items that would be deleted (due), kept by a legal hold (held) and left because the rule ' +
      'requires them archived and they are not (blocked). Nothing is deleted.',
  })
  @ApiOkResponse({ type: ForecastDto })
  @ApiNotFoundResponse({ description: 'Unknown rule, or no active version' })
  @ApiUnprocessableEntityResponse({
    description:
      'The rule keeps forever (`keeps-forever`), counts from a trigger no service reports (`trigger-unsupported`), or governs ' +
      'items retention never hears of, such as the rights service’s access log (`forecast-unavailable`)',
  })
  async forecast(@Param() params: RuleParams, @Query() query: ForecastQuery): Promise<ForecastDto> {
    return forecastView(await this.forecasts.forecast(params.ruleId, query.days !== undefined ? [query.days] : undefined));
  }
}
