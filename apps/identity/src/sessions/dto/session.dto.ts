import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccessTokenDto {
  @ApiProperty({ description: 'JWT (ES256) for the Insyn APIs, sent as `Authorization: Bearer`' }) accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: string;
  @ApiProperty({ example: 300, description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'When the session ends; refreshing never extends it' }) sessionExpiresAt!: string;
}

export class SessionViewDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ enum: ['bankid', 'freja', 'siths'] }) provider!: string;
  @ApiProperty() loa!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() refreshedAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional() revokedAt?: string;
  @ApiPropertyOptional({ enum: ['sign-out', 'refresh-reuse', 'revoked-by-user'] }) revokeReason?: string;
  @ApiProperty({ description: 'The session of the token making this request' }) current!: boolean;
}
