import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

/** A path on the portal, never another site (no scheme, no `//`, no backslash). */
export const RELATIVE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/;

export class StartLoginDto {
  @ApiProperty({ enum: ['bankid', 'freja'] })
  @IsIn(['bankid', 'freja'])
  provider!: 'bankid' | 'freja';

  @ApiProperty({ enum: ['qr', 'same-device'], description: 'QR code on another device, or the app on this one' })
  @IsIn(['qr', 'same-device'])
  method!: 'qr' | 'same-device';

  @ApiPropertyOptional({ example: '/mina-behandlingar', description: 'Portal path to return to (same device)' })
  @IsOptional()
  @MaxLength(300)
  @Matches(RELATIVE_PATH, { message: 'returnTo must be a path on the portal, like /mina-behandlingar' })
  returnTo?: string;
}

export class LoginReturnDto {
  @ApiProperty({ description: 'The `eidReturn` parameter of the URL the app returned to' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'nonce must be the eidReturn value of the return URL' })
  nonce!: string;
}

export class UserMessageDto {
  @ApiProperty({ example: 'RFA1', description: 'BankID’s recommended-message code' }) code!: string;
  @ApiProperty({ example: 'Starta BankID-appen.' }) sv!: string;
  @ApiProperty({ example: 'Start your BankID app.' }) en!: string;
}

export class QrDto {
  @ApiProperty({ description: 'Changes every second (animated QR)' }) content!: string;
  @ApiProperty({ description: 'The same as an SVG image' }) svg!: string;
}

export class LoginViewDto {
  @ApiProperty({ description: 'Unguessable; works only with this browser’s login cookie' }) loginId!: string;
  @ApiProperty({ enum: ['bankid', 'freja'] }) provider!: string;
  @ApiProperty({ enum: ['qr', 'same-device'] }) method!: string;
  @ApiProperty({ enum: ['pending', 'failed', 'complete', 'cancelled'] }) status!: string;
  @ApiPropertyOptional({ example: 'outstandingTransaction' }) hintCode?: string;
  @ApiProperty({ type: UserMessageDto }) message!: UserMessageDto;
  @ApiPropertyOptional({ type: QrDto }) qr?: QrDto;
  @ApiPropertyOptional() autoStartUrl?: string;
  @ApiPropertyOptional({ example: 2000 }) pollAfterMs?: number;
  @ApiPropertyOptional({ description: 'Same device: whether the app has returned to this browser (needed for the session)' })
  returned?: boolean;
}
