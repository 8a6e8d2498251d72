import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

/** `POST /v1/notices/{slug}/approve`: the draft revision the approver read and approves. */
export class ApproveBody {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 3,
    description:
      'The draft revision waiting for approval (its ETag, and `draftRevision` of the submission): what you read is what is published',
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  draftRevision!: number;
}

/** `POST /v1/notices/{slug}/reject`: why the submitted draft is not published. */
export class RejectBody {
  @ApiProperty({ description: 'Why the draft is not approved; kept in the notice’s approval history', minLength: 1, maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

/** A draft revision waiting for a second person's approval. */
export class PendingApprovalDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 3 }) draftRevision!: number;
  @ApiProperty({
    example: 'official:SE2120002627-E000000000002',
    description: 'Who submitted it (an official by HSA-id, a system by client id)',
  })
  requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
}

/** The answer to a submission (202): the draft revision waits for a second person. */
export class SubmittedDto extends PendingApprovalDto {
  @ApiProperty({ example: 'sakra-meddelanden' }) slug!: string;
  @ApiProperty({ enum: ['awaiting-approval'] }) status!: 'awaiting-approval';
  @ApiProperty({ example: '/v1/notices/sakra-meddelanden/approval', description: 'The approval state of the notice' }) href!: string;
}

/** The answer to an approval: the version published. */
export class ApprovedDto {
  @ApiProperty({ example: 'sakra-meddelanden' }) slug!: string;
  @ApiProperty({ type: 'integer', minimum: 1, example: 2 }) version!: number;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ example: '/v1/notices/sakra-meddelanden/versions/2' }) href!: string;
  @ApiProperty({ example: 'official:SE2120002627-E000000000002', description: 'Who submitted it' }) publishedBy!: string;
  @ApiProperty({ example: 'official:SE2120002627-E000000000003', description: 'Who approved it' }) approvedBy!: string;
}

/** One line of a notice's approval history. */
export class ApprovalHistoryEntryDto {
  @ApiProperty({ enum: ['requested', 'approved', 'rejected', 'cancelled'] }) action!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) draftRevision!: number;
  @ApiProperty({ description: 'Who did it (for `cancelled`: who changed the draft)' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ description: 'Why it was rejected or cancelled' }) reason?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'On `approved`: the version published' }) version?: number;
}

/** The answer to a rejection. */
export class RejectedDto {
  @ApiProperty({ example: 'sakra-meddelanden' }) slug!: string;
  @ApiProperty({ enum: ['rejected'] }) status!: 'rejected';
  @ApiProperty({ type: 'integer', minimum: 1 }) draftRevision!: number;
  @ApiProperty() rejectedBy!: string;
  @ApiProperty({ format: 'date-time' }) rejectedAt!: string;
  @ApiProperty() reason!: string;
}

/** `GET /v1/notices/{slug}/approval`: whether the draft waits for a second person, and the history. */
export class ApprovalViewDto {
  @ApiProperty({ example: 'sakra-meddelanden' }) slug!: string;
  @ApiProperty({ enum: ['draft', 'published', 'withdrawn'], description: 'The notice’s status' }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The draft’s current revision (its ETag)' }) draftRevision!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The current published version; null before the first' })
  currentVersion!: number | null;
  @ApiProperty({
    enum: ['awaiting-approval', 'none'],
    description: '`awaiting-approval`: a second person (role notice-approver or dpo, not the requester) may approve `pending`',
  })
  approval!: 'awaiting-approval' | 'none';
  @ApiProperty({ type: PendingApprovalDto, nullable: true }) pending!: PendingApprovalDto | null;
  @ApiProperty({ type: [ApprovalHistoryEntryDto], description: 'Oldest first' }) history!: ApprovalHistoryEntryDto[];
}
