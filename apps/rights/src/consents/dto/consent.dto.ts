import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Give or withdraw: the same body for both (art. 7.3: withdrawing is as easy as giving). */
export class ConsentChangeDto {
  @ApiProperty({ example: 'sms-avisering-sakra-meddelanden', description: 'The notice (its slug)' })
  @Matches(SLUG, { message: 'notice must be a notice slug' })
  @MaxLength(120)
  notice!: string;

  @ApiProperty({ example: 'sms-avisering', description: 'The purpose: the id of the notice’s legal-basis group that rests on consent' })
  @Matches(SLUG, { message: 'purpose must be a purpose id' })
  @MaxLength(100)
  purpose!: string;

  @ApiPropertyOptional({ enum: ['sv', 'en'], default: 'sv', description: 'The language the text was shown in' })
  @IsOptional()
  @IsIn(['sv', 'en'])
  language?: 'sv' | 'en';
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class SignEvidenceDto {
  @ApiProperty({ enum: ['bankid'] })
  @IsIn(['bankid'])
  provider!: 'bankid';

  @ApiProperty({ description: 'BankID’s XML signature (base64), as the identity service’s sign order returned it' })
  @IsString()
  @MaxLength(40_000)
  @Matches(BASE64, { message: 'signature must be base64' })
  signature!: string;

  @ApiProperty({ description: 'BankID’s OCSP response (base64), as the identity service’s sign order returned it' })
  @IsString()
  @MaxLength(20_000)
  @Matches(BASE64, { message: 'ocspResponse must be base64' })
  ocspResponse!: string;
}

export class ConsentSignatureDto {
  @ApiProperty({ description: 'The sign assertion of a completed sign order at the identity service (compact JWS)' })
  @IsString()
  @MaxLength(4_000)
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'assertion must be a compact JWS' })
  assertion!: string;

  @ApiProperty({ type: SignEvidenceDto })
  @ValidateNested()
  @Type(() => SignEvidenceDto)
  evidence!: SignEvidenceDto;
}

/** Giving: the same body as withdrawing, plus the signature where the notice asks consent to be signed. */
export class GiveConsentDto extends ConsentChangeDto {
  @ApiPropertyOptional({
    type: ConsentSignatureDto,
    description:
      'Required for a purpose whose notice asks for a signature (`signature: required` in GET /v1/consents): identity’s sign assertion ' +
      'over exactly the purpose’s text in `language`, by me, unused, and BankID’s evidence. Withdrawing never needs one.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentSignatureDto)
  signature?: ConsentSignatureDto;
}

export class ConsentParams {
  @ApiProperty({ example: '0193a3b2-7c1e-7d2a-9f00-1a2b3c4d5e6f' })
  @Matches(/^[A-Za-z0-9_-]{8,100}$/, { message: 'consentId must be a consent id' })
  consentId!: string;
}

/** A subject key is a keyed hash (`sk1_…`): a personnummer (digits, perhaps a dash) is refused, never looked up. */
export const SUBJECT_KEY = /^(?=[A-Za-z0-9_-]*[A-Za-z_])[A-Za-z0-9_-]{16,128}$/;
