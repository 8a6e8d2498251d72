import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;
const UNIT = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class ClientIdParams {
  @ApiProperty({ example: 'case-system-soc', pattern: CLIENT_ID.source })
  @Matches(CLIENT_ID, { message: 'clientId must be 3-63 lower-case letters, digits or hyphens' })
  clientId!: string;
}

export class RefuseClientDto {
  @ApiProperty({ description: 'Why (kept in the audit trail)', example: 'Enheten har inte beställt systemet', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class ClientAuditQuery {
  @ApiPropertyOptional({ pattern: CLIENT_ID.source })
  @IsOptional()
  @Matches(CLIENT_ID, { message: 'clientId must be 3-63 lower-case letters, digits or hyphens' })
  clientId?: string;

  @ApiPropertyOptional({ pattern: UNIT.source })
  @IsOptional()
  @Matches(UNIT, { message: 'unit must be lower-case letters, digits or hyphens' })
  unit?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class RegisterClientDto {
  @ApiProperty({ example: 'case-system-soc', description: 'Lower-case letters, digits and hyphens, 3-63 characters' })
  @Matches(CLIENT_ID, { message: 'clientId must be 3-63 lower-case letters, digits or hyphens' })
  clientId!: string;

  @ApiProperty({ example: 'Socialtjänstens verksamhetssystem' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: ['messages:send', 'messages:read'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^[a-z]+:[a-z-]+$/, { each: true, message: 'each scope looks like "messages:send"' })
  scopes!: string[];

  @ApiProperty({ example: 'socialtjansten', description: 'The unit the system acts for' })
  @Matches(UNIT, { message: 'unit must be lower-case letters, digits or hyphens' })
  unit!: string;
}

export class ClientStatusDto {
  @ApiProperty()
  @IsIn([true, false])
  disabled!: boolean;
}

export class ClientViewDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty() unit!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ enum: ['active', 'pending', 'refused'], description: 'Only an active client gets tokens' }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ClientAuditActorDto {
  @ApiProperty({ description: 'The subject key (never a personnummer)' }) subject!: string;
  @ApiPropertyOptional() hsaId?: string;
  @ApiPropertyOptional() unit?: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class ClientAuditViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['registered', 'filed', 'approved', 'refused', 'secret-rotated', 'disabled', 'enabled'] }) action!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: ClientAuditActorDto }) by!: ClientAuditActorDto;
  @ApiPropertyOptional() reason?: string;
}

export class ClientWithSecretDto {
  @ApiProperty({ type: ClientViewDto }) client!: ClientViewDto;
  @ApiProperty({ description: 'Shown once; only its scrypt hash is stored' }) clientSecret!: string;
}

/**
 * RFC 6749 4.4.2, form-encoded; documentation only. The controller reads the form itself
 * (`token-request.ts`), because the server must ignore parameters it does not know (RFC 6749 3.2) and
 * the global ValidationPipe refuses them. The client authenticates with HTTP Basic or client_id + client_secret.
 */
export class TokenRequestDto {
  @ApiProperty({ example: 'client_credentials' })
  grant_type!: string;

  @ApiPropertyOptional({ example: 'messages:send', description: 'Space-separated; omitted or empty: all the client’s scopes' })
  scope?: string;

  @ApiPropertyOptional()
  client_id?: string;

  @ApiPropertyOptional()
  client_secret?: string;
}

/** RFC 6749 5.2, with the RFC 9457 problem fields beside it (every error of the token endpoint). */
export class OAuthErrorDto {
  @ApiProperty({
    enum: ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'],
  })
  error!: string;
  @ApiPropertyOptional() error_description?: string;
  @ApiProperty({ example: 'https://insyn.se/problems/oauth' }) type!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiPropertyOptional() correlationId?: string;
}

export class TokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: string;
  @ApiProperty({ example: 600 }) expires_in!: number;
  @ApiProperty({ example: 'messages:send' }) scope!: string;
}
