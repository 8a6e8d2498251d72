import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  RULE_ACTIONS,
  RULE_ID,
  RULE_PRECONDITIONS,
  RULE_TRIGGERS,
  type RuleAction,
  type RulePrecondition,
  type RuleTrigger,
} from '../domain/rule.model.js';
import { IsNoteWithoutPersonnummer } from '../../holds/dto/hold.dto.js';

export class DecisionDto {
  @ApiPropertyOptional({ example: 'Kommunstyrelsen', description: 'The deciding body (nämnd or styrelse)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  body?: string;

  @ApiPropertyOptional({ example: '2024-03-12', description: 'The date of the decision, YYYY-MM-DD' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  date?: string;

  @ApiPropertyOptional({ example: 'KS-2024/0113', description: 'The diarienummer of the gallringsbeslut' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;

  @ApiPropertyOptional({ example: 'punkt 4.2', description: 'The point or paragraph of the gallringsplan' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  section?: string;
}

/** The content of one version. A draft may lack parts of its decision; activation needs all of it. */
export class RuleVersionDto {
  @ApiProperty({ enum: RULE_ACTIONS, example: 'archive-then-delete' })
  @IsIn(RULE_ACTIONS)
  action!: RuleAction;

  @ApiProperty({ enum: RULE_TRIGGERS, example: 'conversation-closed' })
  @IsIn(RULE_TRIGGERS)
  trigger!: RuleTrigger;

  @ApiPropertyOptional({ example: 'P2Y', description: 'ISO 8601 duration after the trigger; not for "keep"' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;

  @ApiPropertyOptional({ enum: RULE_PRECONDITIONS, isArray: true, description: '"archive-then-delete" always implies both' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RULE_PRECONDITIONS.length * 2)
  @IsIn(RULE_PRECONDITIONS, { each: true })
  preconditions?: RulePrecondition[];

  @ApiPropertyOptional({ example: '0 2 * * *', description: 'When the rule runs: 5-field cron in Europe/Stockholm; not for "keep"' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  schedule?: string;

  @ApiPropertyOptional({ type: DecisionDto, description: 'The gallringsbeslut; required in full to activate' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DecisionDto)
  decision?: DecisionDto;
}

export class CreateRuleDto extends RuleVersionDto {
  @ApiProperty({ example: 'sakra-meddelanden-soc', description: 'Lower-case letters, digits and hyphens, 2-63 characters' })
  @IsString()
  @Matches(RULE_ID, { message: 'ruleId must be 2-63 lower-case letters, digits or hyphens, e.g. sakra-meddelanden-soc' })
  ruleId!: string;

  @ApiProperty({ example: 'socialtjansten', description: 'A unit from RETENTION_UNITS' })
  @IsString()
  @MaxLength(100)
  unit!: string;

  @ApiProperty({ example: 'secure-message', description: 'An information type from RETENTION_INFORMATION_TYPES' })
  @IsString()
  @MaxLength(100)
  informationType!: string;
}

export class RuleParams {
  @ApiProperty({ description: 'The rule id', example: 'sakra-meddelanden-soc', pattern: RULE_ID.source })
  @IsString()
  @Matches(RULE_ID, { message: 'ruleId must be lower-case letters, digits or hyphens' })
  ruleId!: string;
}

export class RuleVersionParams extends RuleParams {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

export class ListRulesQuery {
  @ApiPropertyOptional({ example: 'socialtjansten' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional({ example: 'secure-message' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  informationType?: string;
}

/** Why a request is rejected or a rule retired: kept in the rule's record, so never a personnummer. */
export class ReasonDto {
  @ApiProperty({ example: 'Fel diarienummer på beslutet', minLength: 1, maxLength: 500, description: 'Why; no personnummer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @IsNoteWithoutPersonnummer()
  reason!: string;
}

export class ApprovalRequestDto {
  @ApiProperty({ example: 'sakra-meddelanden-soc' })
  ruleId!: string;

  @ApiProperty({ description: 'The draft version submitted' })
  version!: number;

  @ApiProperty({ enum: ['awaiting-approval'] })
  status!: 'awaiting-approval';

  @ApiProperty({ example: 'official:SE2321000230-abc1', description: 'Who submitted it' })
  requestedBy!: string;

  @ApiPropertyOptional({ description: "The submitter's name, from her token" })
  requestedByName?: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;
}
