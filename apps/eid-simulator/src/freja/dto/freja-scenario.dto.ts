import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { FREJA_ERROR_CODES, type FrejaErrorCode } from '../freja-errors.js';
import { FREJA_STATUSES, type FrejaStatus } from '../freja-orders.js';

/** Scripts the next Freja orders: each getOneResult call returns the next status of `statuses`. */
export class FrejaScenarioDto {
  /** e.g. ["DELIVERED_TO_MOBILE", "APPROVED"]; APPROVED approves as `personalNumber`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(FREJA_STATUSES, { each: true })
  statuses?: FrejaStatus[];

  /** Who approves (12 digits; default: the person an SSN order names, else the default test user). */
  @IsOptional()
  @Matches(/^\d{12}$/)
  personalNumber?: string;

  /** How many new orders it applies to; unset: until DELETE /control/freja/scenario. */
  @IsOptional()
  @IsInt()
  @Min(1)
  orders?: number;

  /** Share of initAuthentication calls that fail (0..1). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  /** Freja codes to fail with (default [0]). */
  @IsOptional()
  @IsArray()
  @IsIn(FREJA_ERROR_CODES, { each: true })
  errorCodes?: FrejaErrorCode[];
}

export class FrejaApproveDto {
  /** The test person who approves (default: the one an SSN order names, else the default test user). */
  @IsOptional()
  @Matches(/^\d{12}$/)
  personalNumber?: string;
}
