import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccessTokenDto {
  @ApiProperty({ description: 'JWT (ES256) for the Insyn APIs, sent as `Authorization: Bearer`' }) accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: string;
  @ApiProperty({ example: 300, description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'When the session ends; refreshing never extends it' }) sessionExpiresAt!: string;
}

export class SignInAssuranceDto {
  @ApiPropertyOptional({ enum: ['low', 'moderate', 'high'], description: 'BankID’s risk of the sign-in (returnRisk)' }) risk?: string;
  @ApiPropertyOptional({ description: 'BankID: the user scanned a passport or national ID card (mrtd was required)' }) mrtd?: boolean;
  @ApiPropertyOptional({ description: 'BankID: the order required the PIN, not biometrics' }) pinCode?: boolean;
  @ApiPropertyOptional({ enum: ['EXTENDED', 'PLUS'], description: 'Freja: the registration level asked for' })
  minRegistrationLevel?: string;
  @ApiPropertyOptional({ enum: ['EXTENDED', 'PLUS'], description: 'Freja: the registration level in the signed result' })
  registrationLevel?: string;
}

export class SessionViewDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ enum: ['bankid', 'freja', 'siths'] }) provider!: string;
  @ApiProperty() loa!: number;
  @ApiPropertyOptional({ type: SignInAssuranceDto, description: 'What the e-ID reported beyond the LoA' })
  assurance?: SignInAssuranceDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() refreshedAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional() revokedAt?: string;
  @ApiPropertyOptional({ enum: ['sign-out', 'refresh-reuse', 'revoked-by-user'] }) revokeReason?: string;
  @ApiProperty({ description: 'The session of the token making this request' }) current!: boolean;
}
