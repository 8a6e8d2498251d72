import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description:
      'Only notices changed after this instant (a version published, or the notice withdrawn; withdrawn ones then ' +
      'come too, with `status: withdrawn`), oldest change first: keep the largest `changedAt` you saw and pass it next time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' })
  since?: string;
}

class LocalisedTextDto {
  @ApiProperty({ example: 'Säkra meddelanden' }) sv!: string;
  @ApiPropertyOptional({ example: 'Secure messages' }) en?: string;
}

class NoticeControllerDto {
  @ApiProperty({ type: LocalisedTextDto }) name!: LocalisedTextDto;
  @ApiPropertyOptional({ example: '212000-2627', description: 'Absent when the notice gives none' }) organisationNumber?: string;
}

/** One item of `GET /v1/notices` (documentation only: the read model builds it, read-model/published-notices.ts). */
export class NoticeSummaryDto {
  @ApiProperty({ example: 'sakra-meddelanden', description: 'The notice id' }) id!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The current version; on a withdrawn notice, its last' }) version!: number;
  @ApiProperty({ description: 'When that version was published, as the notice gives it (a date, or an instant)' }) publishedAt!: string;
  @ApiProperty({ type: LocalisedTextDto }) title!: LocalisedTextDto;
  @ApiProperty({ type: NoticeControllerDto }) controller!: NoticeControllerDto;
  @ApiProperty({ example: '/v1/notices/sakra-meddelanden', description: 'The current version; on a withdrawn notice, its last version' })
  href!: string;
  @ApiProperty({
    enum: ['published', 'withdrawn'],
    description: '`withdrawn` only in a list of changes (`since`); the list without it shows published notices only',
  })
  status!: 'published' | 'withdrawn';
  @ApiPropertyOptional({ format: 'date-time', description: 'When the notice was withdrawn, on a withdrawn one' }) withdrawnAt?: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the notice last changed (its version published, or the notice withdrawn); what `since` selects on',
  })
  changedAt!: string;
}

export class NoticeListDto {
  @ApiProperty({ type: [NoticeSummaryDto] }) notices!: NoticeSummaryDto[];
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
