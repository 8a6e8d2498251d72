import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@insyn/service-kit';
import { CANDIDATE_TRIGGERS } from '../../candidates/candidate.js';
import { type Disposition, FORECAST_ROWS, type ForecastItem, type ForecastRow } from '../domain/forecast.js';
import { FORECAST_DAYS, type ForecastDays, type RuleForecast, type RuleForecastItems } from '../forecast.service.js';

export const DISPOSITIONS = ['due', 'held', 'blocked'] as const satisfies readonly Disposition[];

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

export class ForecastItemsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: FORECAST_ROWS,
    default: 'now',
    description: 'The row of the forecast: the items due now, or those falling due within 30 or 90 days (not yet due)',
  })
  @IsOptional()
  @IsIn(FORECAST_ROWS)
  row?: ForecastRow;

  @ApiPropertyOptional({
    enum: DISPOSITIONS,
    description: 'Only the items a run would delete (due), keep for a hold (held) or leave unarchived (blocked)',
  })
  @IsOptional()
  @IsIn(DISPOSITIONS)
  disposition?: Disposition;
}

export class ForecastItemDto {
  @ApiProperty({ enum: ['conversation'], description: 'What the item is: a secure-message conversation' })
  kind!: 'conversation';

  @ApiProperty({ example: 'c0a8012e-6f1b-4c55-9d1e-3b7a5e0c1f42' })
  conversationId!: string;

  @ApiPropertyOptional({
    example: 'SOC 2024/1234',
    description: 'The business system’s case reference (diarienummer), when the conversation has one',
  })
  caseReference?: string;

  @ApiProperty({ example: 'socialtjansten' })
  unit!: string;

  @ApiProperty({ example: 'secure-message' })
  informationType!: string;

  @ApiProperty({ enum: CANDIDATE_TRIGGERS, description: 'What the period counts from' })
  trigger!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the period started: the closing, the confirmation it is inaktuell, or the last message',
  })
  triggeredAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When it falls due: 00:00 Europe/Stockholm the day after the period ends' })
  dueAt!: string;

  @ApiProperty({ enum: DISPOSITIONS, description: 'What a run would do with it now' })
  disposition!: Disposition;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the archive acknowledged it; absent while unarchived' })
  archivedAt?: string;
}

export function forecastItemView(
  list: Pick<RuleForecastItems, 'unit' | 'informationType' | 'trigger'>,
  item: ForecastItem,
): ForecastItemDto {
  return {
    kind: 'conversation',
    conversationId: item.conversationId,
    ...(item.caseReference !== undefined ? { caseReference: item.caseReference } : {}),
    unit: list.unit,
    informationType: list.informationType,
    trigger: list.trigger,
    triggeredAt: item.triggeredAt.toISOString(),
    dueAt: item.dueAt.toISOString(),
    disposition: item.disposition,
    ...(item.archivedAt !== undefined ? { archivedAt: item.archivedAt.toISOString() } : {}),
  };
}
