import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '@insyn/service-kit';

/** The filters and paging of `GET /v1/notices`. */
export class ListNoticesQuery extends PageQuery {
  @ApiPropertyOptional({ description: "The controller's organisation number, or part of its name", example: '212000-2627' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  controller?: string;

  @ApiPropertyOptional({ description: 'Part of the notice id or title, e.g. "meddelanden"' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  activity?: string;
}

export class CompareQuery {
  @ApiPropertyOptional({ description: 'The earlier version', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  @ApiPropertyOptional({ description: 'The later version', example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}

export class VersionParams {
  @ApiProperty({ description: 'The notice id', example: 'sakra-meddelanden', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  slug!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

export class WithdrawBody {
  @ApiProperty({ description: 'Why the notice is withdrawn (shown in the event, not publicly)', minLength: 1, maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class RopaQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Overrides the Accept header' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class NoticeSlugParams {
  @ApiProperty({ description: 'The notice id', example: 'sakra-meddelanden', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be a notice id: lowercase letters, digits and single hyphens' })
  @MaxLength(120)
  slug!: string;
}

export class RetentionLinksQuery {
  @ApiPropertyOptional({ description: 'The published version to check (default: the current one)', example: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}
