import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PendingApprovalDto } from './notice-approval.dto.js';

/** `GET /v1/notices/{slug}/draft/preview?lang=`: the page's language (default Swedish). */
export class DraftPreviewQuery {
  @ApiPropertyOptional({
    enum: ['sv', 'en'],
    description: 'The page’s language; one the notice is not written in gets Swedish with a note',
  })
  @IsOptional()
  @IsIn(['sv', 'en'])
  lang?: 'sv' | 'en';
}

/** One notice as its editors and approvers list it: published or not, its draft, whether the draft awaits approval. */
export class NoticeOverviewDto {
  @ApiProperty({ example: 'sakra-meddelanden' }) slug!: string;
  @ApiProperty({ description: 'The draft’s title, else the current version’s', example: { sv: 'Behandling, säkra meddelanden' } })
  title!: { sv?: string; en?: string };
  @ApiProperty({ enum: ['draft', 'published', 'withdrawn'] }) status!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The current published version; null before the first' })
  currentVersion!: number | null;
  @ApiProperty({ type: 'integer', description: 'The draft’s revision (its ETag)' }) draftRevision!: number;
  @ApiProperty({ enum: ['awaiting-approval', 'none'] }) approval!: 'awaiting-approval' | 'none';
  @ApiProperty({ type: PendingApprovalDto, nullable: true }) pending!: PendingApprovalDto | null;
  @ApiProperty({ format: 'date-time', description: 'When the draft or the notice last changed' }) updatedAt!: string;
}
