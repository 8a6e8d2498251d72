import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsPersonalNumber } from '../../control/personal-number.js';
import { INJECTABLE_ERRORS, type InjectableError } from '../bankid-error.js';
import type { RpEndpoint } from '../orders/bankid-scenarios.js';

export class ActAsUserDto {
  @ApiPropertyOptional({
    description: 'The test person acting in the app (default: the order’s required person, else the default test user)',
  })
  @IsOptional()
  @IsPersonalNumber()
  personalNumber?: string;

  @ApiPropertyOptional({
    enum: ['low', 'moderate', 'high'],
    description: 'The risk BankID reports when the RP asked (returnRisk); default low',
  })
  @IsOptional()
  @IsIn(['low', 'moderate', 'high'])
  risk?: 'low' | 'moderate' | 'high';
}

export class ScanQrDto extends ActAsUserDto {
  @ApiProperty({ description: 'QR content as the RP shows it: bankid.<qrStartToken>.<qrTime>.<qrAuthCode>' })
  @IsString()
  @MaxLength(200)
  qr!: string;

  @ApiPropertyOptional({ description: 'Approve at once instead of waiting in userSign' })
  @IsOptional()
  @IsBoolean()
  approve?: boolean;
}

export class AutostartDto {
  @ApiProperty()
  @IsString()
  @MaxLength(100)
  autoStartToken!: string;

  @ApiPropertyOptional({ description: 'Whose BankID the app finds; without it the order waits in `started`' })
  @IsOptional()
  @IsPersonalNumber()
  personalNumber?: string;

  @ApiPropertyOptional({ description: 'Approve at once (needs or defaults the person)' })
  @IsOptional()
  @IsBoolean()
  approve?: boolean;

  @ApiPropertyOptional({
    enum: ['low', 'moderate', 'high'],
    description: 'The risk BankID reports when the RP asked (returnRisk); default low',
  })
  @IsOptional()
  @IsIn(['low', 'moderate', 'high'])
  risk?: 'low' | 'moderate' | 'high';
}

const HINT_CODE = /^[a-z][A-Za-z0-9]{1,63}$/;

export class CollectStateDto {
  @ApiProperty({ enum: ['pending', 'failed', 'complete'] })
  @IsIn(['pending', 'failed', 'complete'])
  status!: 'pending' | 'failed' | 'complete';

  @ApiPropertyOptional({
    description: 'Required for pending and failed, absent for complete. Any camelCase code is allowed, to test unknown ones.',
    example: 'userSign',
  })
  @ValidateIf((o: CollectStateDto) => o.status !== 'complete' || o.hintCode !== undefined)
  @IsString()
  @Matches(HINT_CODE, { message: 'hintCode must be a camelCase code' })
  hintCode?: string;
}

export class ScenarioDto {
  @ApiProperty({
    type: () => [CollectStateDto],
    description: 'Collect call n answers states[n]; the last state repeats',
    example: [
      { status: 'pending', hintCode: 'outstandingTransaction' },
      { status: 'pending', hintCode: 'userSign' },
      { status: 'complete' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CollectStateDto)
  states!: CollectStateDto[];

  @ApiPropertyOptional({ description: 'Who a complete step completes as (a test user)' })
  @IsOptional()
  @IsPersonalNumber()
  personalNumber?: string;

  @ApiPropertyOptional({ description: 'How many of the next orders follow it (default 1)', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  orders?: number;

  @ApiPropertyOptional({ description: 'Every order follows it (after any queued for the next orders) until reset' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

const ENDPOINTS: RpEndpoint[] = ['auth', 'sign', 'collect', 'cancel'];

export class ErrorInjectionDto {
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.2 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  rate!: number;

  @ApiProperty({ enum: INJECTABLE_ERRORS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(INJECTABLE_ERRORS, { each: true })
  errors!: InjectableError[];

  @ApiPropertyOptional({ enum: ENDPOINTS, isArray: true, description: 'Default: auth, sign and collect' })
  @IsOptional()
  @IsArray()
  @IsIn(ENDPOINTS, { each: true })
  endpoints?: RpEndpoint[];
}
