import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { REQUEST_KINDS, type RequestKind } from '@insyn/contracts';
import { PageQuery } from '@insyn/service-kit';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LEGAL_GROUND_CODES, type LegalGroundCode, PART_OUTCOMES, type PartOutcome } from '../domain/request.model.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class OpenRequestDto {
  @ApiProperty({ description: 'The notice (processing) the request concerns, by slug.', example: 'sakra-meddelanden' })
  @Matches(SLUG)
  @MaxLength(120)
  notice!: string;

  @ApiProperty({
    enum: REQUEST_KINDS,
    description: 'Which right: access (registerutdrag), rectification, erasure, restriction, objection, portability.',
  })
  @IsIn(REQUEST_KINDS)
  kind!: RequestKind;

  @ApiPropertyOptional({ description: 'What the person wants, in her words (e.g. what to rectify).', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  details?: string;
}

export class ExtendRequestDto {
  @ApiProperty({ enum: [1, 2], description: 'Further months (art. 12.3 allows at most two, once).' })
  @IsIn([1, 2])
  months!: 1 | 2;

  @ApiProperty({ description: 'Why, as the person is told (complexity, number of requests).', minLength: 10, maxLength: 2000 })
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  reason!: string;
}

export class PartDecisionDto {
  @ApiProperty({ description: 'The service whose part is decided.', example: 'messages' })
  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  service!: string;

  @ApiProperty({ enum: PART_OUTCOMES })
  @IsIn(PART_OUTCOMES)
  outcome!: PartOutcome;

  @ApiProperty({ enum: LEGAL_GROUND_CODES, description: 'The legal ground, from the list (GET /v1/legal-grounds).' })
  @IsIn(LEGAL_GROUND_CODES)
  ground!: LegalGroundCode;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Shown to the person with the decision.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DecidePartsDto {
  @ApiProperty({ type: [PartDecisionDto] })
  @ValidateNested({ each: true })
  @Type(() => PartDecisionDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  decisions!: PartDecisionDto[];
}

export class ReportQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'html', 'pdf'],
    description: 'json (default; the only one for portability), or the readable report in Swedish: html or pdf.',
  })
  @IsOptional()
  @IsIn(['json', 'html', 'pdf'])
  format?: 'json' | 'html' | 'pdf';
}

export const QUEUE_STATUSES = ['open', 'answered', 'withdrawn'] as const;

/** The filter and paging of the officials' queue (`GET /v1/queue`). */
export class QueueQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: QUEUE_STATUSES,
    default: 'open',
    description: 'Open requests (the default), or the answered or withdrawn ones',
  })
  @IsOptional()
  @IsIn(QUEUE_STATUSES, { message: 'status must be open, answered or withdrawn' })
  status?: (typeof QUEUE_STATUSES)[number];
}
