import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { RULE_ID } from '../../rules/domain/rule.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class RunRuleParams {
  @Matches(RULE_ID, { message: 'ruleId must be a rule id (lowercase letters, digits and hyphens)' })
  ruleId!: string;
}

export class RunParams {
  @Matches(UUID, { message: 'runId must be a run id (a UUID)' })
  runId!: string;
}

export class ListRunsQuery {
  @ApiPropertyOptional({ example: 'sakra-meddelanden-soc' })
  @IsOptional()
  @Matches(RULE_ID, { message: 'ruleId must be a rule id (lowercase letters, digits and hyphens)' })
  ruleId?: string;

  @ApiPropertyOptional({ enum: ['running', 'finished'] })
  @IsOptional()
  @IsIn(['running', 'finished'])
  status?: 'running' | 'finished';

  @ApiPropertyOptional({ description: 'Runs started before this instant (the next page: the last startedAt seen)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedBefore?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}
