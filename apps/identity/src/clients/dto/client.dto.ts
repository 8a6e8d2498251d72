import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RegisterClientDto {
  @ApiProperty({ example: 'case-system-soc', description: 'Lower-case letters, digits and hyphens, 3-63 characters' })
  @Matches(/^[a-z0-9][a-z0-9-]{2,62}$/, { message: 'clientId must be 3-63 lower-case letters, digits or hyphens' })
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
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'unit must be lower-case letters, digits or hyphens' })
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
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ClientWithSecretDto {
  @ApiProperty({ type: ClientViewDto }) client!: ClientViewDto;
  @ApiProperty({ description: 'Shown once; only its scrypt hash is stored' }) clientSecret!: string;
}

/** RFC 6749 4.4.2, form-encoded. The client authenticates with HTTP Basic or client_id + client_secret here. */
export class TokenRequestDto {
  @ApiProperty({ example: 'client_credentials' })
  @IsString()
  grant_type!: string;

  @ApiPropertyOptional({ example: 'messages:send' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  scope?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  client_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_secret?: string;
}

export class TokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: string;
  @ApiProperty({ example: 600 }) expires_in!: number;
  @ApiProperty({ example: 'messages:send' }) scope!: string;
}
