import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { QrDto, RELATIVE_PATH, UserMessageDto } from '../../logins/dto/login.dto.js';

export class StartSignOrderDto {
  @ApiPropertyOptional({ enum: ['bankid', 'freja'], default: 'bankid', description: 'Only BankID signs; freja is a 422' })
  @IsOptional()
  @IsIn(['bankid', 'freja'])
  provider?: 'bankid' | 'freja';

  @ApiProperty({ enum: ['qr', 'same-device'], description: 'QR code on another device, or the app on this one' })
  @IsIn(['qr', 'same-device'])
  method!: 'qr' | 'same-device';

  @ApiProperty({
    description:
      'The text to sign, shown in the BankID app (userVisibleData, simpleMarkdownV1): at most 1 500 characters once base64 encoded, ' +
      'line breaks allowed, no other control characters. Never stored or logged; its SHA-256 is in the sign assertion.',
    example: 'Jag samtycker till att sms:et om ett nytt säkert meddelande också visar meddelandets ämnesrad.',
  })
  @IsString()
  @MaxLength(1_500)
  text!: string;

  @ApiPropertyOptional({ example: '/samtycken/signera', description: 'Portal path the app returns to (same device)' })
  @IsOptional()
  @MaxLength(300)
  @Matches(RELATIVE_PATH, { message: 'returnTo must be a path on the portal, like /samtycken' })
  returnTo?: string;
}

export class SignOrderParams {
  @ApiProperty({ description: 'The sign order’s handle, as returned when it was started' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'orderId must be a sign order id' })
  orderId!: string;
}

export class SignEvidenceDto {
  @ApiProperty({ enum: ['bankid'] }) provider!: string;
  @ApiProperty({ description: 'BankID’s XML signature (base64), as collected' }) signature!: string;
  @ApiProperty({ description: 'BankID’s OCSP response (base64), as collected' }) ocspResponse!: string;
}

export class SignResultDto {
  @ApiProperty({
    description:
      'The sign assertion: a compact JWS (ES256, typ sign-assertion+jwt, audience insyn-rights, 5 minutes) by identity’s token key ' +
      '(/.well-known/jwks.json) over {sub: subject key, jti, sign: {provider, orderRef, textDigest, completedAt, evidenceDigest}}',
  })
  assertion!: string;
  @ApiProperty({ type: SignEvidenceDto }) evidence!: SignEvidenceDto;
  @ApiProperty({ example: '2026-12-04T20:15:00.000Z' }) completedAt!: string;
}

export class SignOrderViewDto {
  @ApiProperty({ description: 'Unguessable; works only with the token of the person who started it' }) orderId!: string;
  @ApiProperty({ enum: ['bankid'] }) provider!: string;
  @ApiProperty({ enum: ['qr', 'same-device'] }) method!: string;
  @ApiProperty({ enum: ['pending', 'failed', 'complete', 'cancelled'] }) status!: string;
  @ApiPropertyOptional({
    example: 'outstandingTransaction',
    description: 'BankID’s hint code, or signerMismatch: signed by another person, refused',
  })
  hintCode?: string;
  @ApiProperty({ type: UserMessageDto }) message!: UserMessageDto;
  @ApiProperty({ description: 'SHA-256 (base64url) of the text being signed, as UTF-8' }) textDigest!: string;
  @ApiPropertyOptional({ type: QrDto }) qr?: QrDto;
  @ApiPropertyOptional() autoStartUrl?: string;
  @ApiPropertyOptional({ example: 2000 }) pollAfterMs?: number;
  @ApiPropertyOptional({ type: SignResultDto, description: 'When complete: the assertion and the evidence to hand on' })
  result?: SignResultDto;
}
