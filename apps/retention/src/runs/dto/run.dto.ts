import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@insyn/service-kit';
import { RULE_ID } from '../../rules/domain/rule.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class RunRuleParams {
  @ApiProperty({ description: 'The rule id', example: 'sakra-meddelanden-soc', pattern: RULE_ID.source })
  @Matches(RULE_ID, { message: 'ruleId must be a rule id (lowercase letters, digits and hyphens)' })
  ruleId!: string;
}

export class RunParams {
  @ApiProperty({ format: 'uuid', pattern: UUID.source })
  @Matches(UUID, { message: 'runId must be a run id (a UUID)' })
  runId!: string;
}

/** The filters and paging of `GET /v1/runs`. */
export class ListRunsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'sakra-meddelanden-soc' })
  @IsOptional()
  @Matches(RULE_ID, { message: 'ruleId must be a rule id (lowercase letters, digits and hyphens)' })
  ruleId?: string;

  @ApiPropertyOptional({ enum: ['running', 'finished'] })
  @IsOptional()
  @IsIn(['running', 'finished'], { message: 'status must be running or finished' })
  status?: 'running' | 'finished';

  @ApiPropertyOptional({
    description:
      'Runs started before this instant. To page, follow the `Link` header instead: runs started at the same instant are told apart by it',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedBefore?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description:
      'Only runs changed after this instant (started, a chunk asked or answered, the expected count, finished), oldest ' +
      'change first (`changedAt`, then id) instead of newest first: keep the greatest `changedAt` you saw and pass it next time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' })
  since?: string;
}

export class ReapplyPurgesBody {
  @ApiProperty({
    description: 'When the backup that was restored was taken: gallring done since then is asked of the owners again',
    example: '2026-03-01T02:00:00.000Z',
  })
  @IsISO8601({ strict: true })
  since!: string;
}

export class ReapplyPurgesView {
  @ApiProperty({ description: 'Finished runs started at or after `since` that deleted something' }) runs!: number;
  @ApiProperty({ description: 'Purge requests sent again, with their original request ids' }) chunks!: number;
}
