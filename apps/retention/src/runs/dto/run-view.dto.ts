import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The shape of runView (run.view.ts) for the OpenAPI document: what an integrator following a run reads.

export class RunDecisionDto {
  @ApiProperty({ example: 'Kommunstyrelsen', description: 'The deciding body (a nämnd or styrelse)' }) body!: string;
  @ApiProperty({ example: '2024-05-14', description: 'Decision date, YYYY-MM-DD' }) date!: string;
  @ApiProperty({ example: 'KS 2024/0113', description: 'Diarienummer' }) reference!: string;
  @ApiProperty({ example: '§ 45', description: 'Paragraf or punkt in the decision' }) section!: string;
}

export class RunSelectionDto {
  @ApiProperty({ example: 'messages', description: 'The owning service asked to delete' }) service!: string;
  @ApiProperty({ example: 'conversation-closed', description: 'The event the period counts from' }) trigger!: string;
  @ApiProperty({ format: 'date-time', description: 'Items whose trigger happened strictly before this instant' })
  triggeredBefore!: string;
  @ApiProperty({ description: 'Only items with an archive receipt; the others are blocked, never deleted' }) requireArchived!: boolean;
  @ApiProperty({ example: 'socialtjansten' }) unit!: string;
  @ApiProperty({ example: 'secure-message' }) informationType!: string;
}

export class RunHoldsDto {
  @ApiProperty({ type: [String], description: 'The holds in force when the run started' }) holdIds!: string[];
  @ApiProperty({
    // null in the enum too: with `nullable` alone, an enum still refuses null (OpenAPI 3.0.3).
    enum: ['unit', 'rule', null],
    nullable: true,
    type: String,
    description: 'A hold on the whole unit or rule that kept everything back; null when none',
  })
  wholeHold!: 'unit' | 'rule' | null;
  @ApiPropertyOptional({ description: 'Persons held (one run only, never in lists)' }) heldPersons?: number;
  @ApiPropertyOptional({ description: 'Conversations held one by one (one run only, never in lists)' }) heldItems?: number;
}

export class RunWaitingChunkDto {
  @ApiProperty() chunk!: number;
  @ApiProperty({ description: 'Requests sent for the chunk so far' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ description: 'Why the last answer was refused, or that none came in time' }) lastError?: string;
}

export class RunProgressDto {
  @ApiProperty() chunksRequested!: number;
  @ApiProperty() chunksAnswered!: number;
  @ApiProperty() deleted!: number;
  @ApiProperty() held!: number;
  @ApiProperty() blocked!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'Done so far; null while the expected count is unknown',
  })
  fraction!: number | null;
  @ApiProperty({ type: [RunWaitingChunkDto], description: 'Chunks asked more than once, or whose answer was refused' })
  waiting!: RunWaitingChunkDto[];
}

export class RunCountsDto {
  @ApiProperty({ description: 'Items that matched the selection' }) candidates!: number;
  @ApiProperty({ description: 'Left alone because of a hold' }) held!: number;
  @ApiProperty({ description: 'Left alone because the required archive receipt was missing' }) blocked!: number;
  @ApiProperty() deleted!: number;
}

export class RunViewDto {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ example: 'sakra-meddelanden-soc' }) ruleId!: string;
  @ApiProperty({ description: 'The rule version the run executes' }) ruleVersion!: number;
  @ApiProperty({ enum: ['schedule', 'manual'] }) origin!: string;
  @ApiProperty({ enum: ['running', 'finished'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiProperty({ format: 'date-time', description: 'When anything shown here last changed; what `since` selects on' })
  changedAt!: string;
  @ApiProperty({ example: 'service:retention-scheduler', description: 'Who started it (an official’s HSA-id or the scheduler)' })
  executedBy!: string;
  @ApiPropertyOptional({ description: 'The name of the official who started it by hand, from her token when it had one' })
  executedByName?: string;
  @ApiProperty({ description: 'Who activated the rule version it executes: its approver (four-eyes, ADR 0024)' }) approvedBy!: string;
  @ApiPropertyOptional({ description: 'The approver’s name, when her token had one' }) approvedByName?: string;
  @ApiProperty({ type: RunDecisionDto }) decision!: RunDecisionDto;
  @ApiProperty({ type: RunSelectionDto }) selection!: RunSelectionDto;
  @ApiProperty({ enum: ['delete', 'crypto-shred'] }) method!: string;
  @ApiProperty({ description: 'Items asked for per purge request' }) chunkSize!: number;
  @ApiProperty({ type: RunHoldsDto }) holds!: RunHoldsDto;
  @ApiProperty({ type: Number, nullable: true, description: 'Items due when the run started; null until counted' })
  expected!: number | null;
  @ApiProperty({ type: RunProgressDto }) progress!: RunProgressDto;
  @ApiPropertyOptional({ type: RunCountsDto, description: 'Once finished' }) counts?: RunCountsDto;
  @ApiPropertyOptional({ description: 'The gallringsprotokoll entry, once finished' }) protocolSeq?: number;
  @ApiPropertyOptional({ example: '/v1/protocol?fromSeq=12&limit=1' }) protocolUrl?: string;
  @ApiPropertyOptional({ description: 'Why the run stopped before everything due was done (an anmärkning)' }) stoppedEarly?: string;
}
