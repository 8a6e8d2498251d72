import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { FORECAST_DAYS, type ForecastDays, type RuleForecast } from '../forecast.service.js';

export class ForecastQuery {
  @ApiPropertyOptional({ enum: FORECAST_DAYS, description: 'One window only; both (30 and 90 days) when left out' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(FORECAST_DAYS)
  days?: ForecastDays;
}

export class ForecastCountsDto {
  @ApiProperty({ description: 'Items a run would delete: not held, and archived where the rule requires it' })
  due!: number;

  @ApiProperty({ description: 'Items a legal hold keeps (their person, their conversation, or the whole unit or rule is held)' })
  held!: number;

  @ApiProperty({ description: 'Items not archived where the rule requires it: reported, never deleted' })
  blocked!: number;
}

export class AlreadyDueDto extends ForecastCountsDto {
  @ApiProperty({ description: 'Items triggered (closed) before this instant are due now' })
  triggeredBefore!: string;
}

export class ForecastWindowDto extends ForecastCountsDto {
  @ApiProperty({ enum: FORECAST_DAYS })
  days!: number;

  @ApiProperty({ description: 'The window starts now' })
  from!: string;

  @ApiProperty({ description: '00:00 Europe/Stockholm `days` days after today: items falling due by then are counted' })
  until!: string;

  @ApiProperty({ description: 'The items counted were triggered at or after this instant (not due yet now)…' })
  triggeredFrom!: string;

  @ApiProperty({ description: '…and strictly before this one (due by `until`)' })
  triggeredBefore!: string;
}

export class ForecastDto {
  @ApiProperty({ example: 'sakra-meddelanden-soc' })
  ruleId!: string;

  @ApiProperty({ description: 'The active version the forecast is for' })
  version!: number;

  @ApiProperty({ description: 'The instant the forecast was computed for' })
  asOf!: string;

  @ApiProperty({
    type: [ForecastWindowDto],
    description: 'Items falling due within each window; the 90-day window includes the 30-day one',
  })
  windows!: ForecastWindowDto[];

  @ApiProperty({ type: AlreadyDueDto, description: 'Items due now, which the next run would select' })
  alreadyDue!: AlreadyDueDto;
}

export function forecastView(f: RuleForecast): ForecastDto {
  return {
    ruleId: f.ruleId,
    version: f.version,
    asOf: f.asOf.toISOString(),
    windows: f.windows.map((w) => ({
      days: w.days,
      due: w.due,
      held: w.held,
      blocked: w.blocked,
      from: w.from.toISOString(),
      until: w.until.toISOString(),
      triggeredFrom: w.triggeredFrom.toISOString(),
      triggeredBefore: w.triggeredBefore.toISOString(),
    })),
    alreadyDue: {
      due: f.alreadyDue.due,
      held: f.alreadyDue.held,
      blocked: f.alreadyDue.blocked,
      triggeredBefore: f.alreadyDue.triggeredBefore.toISOString(),
    },
  };
}
