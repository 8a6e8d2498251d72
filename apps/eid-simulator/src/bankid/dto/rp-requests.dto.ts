import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsBoolean,
  IsDefined,
  IsIn,
  IsIP,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsPersonalNumber } from '../../control/personal-number.js';

/** userVisibleData: 1–1 500 characters after base64 encoding (eid-protocols.md 1.3). */
export const USER_VISIBLE_DATA_MAX = 1500;
/** userNonVisibleData: BankID allows up to 200 000 characters (the simulator's body limit is lower). */
export const USER_NON_VISIBLE_DATA_MAX = 200_000;

/** An OID, optionally with one `*` wildcard as a whole arc from the fifth arc on. */
const CERTIFICATE_POLICY = /^\d+(\.\d+){3}(\.(\d+|\*))*$/;

export class RequirementDto {
  @IsOptional()
  @IsBoolean()
  pinCode?: boolean;

  @IsOptional()
  @IsBoolean()
  mrtd?: boolean;

  @IsOptional()
  @IsIn(['class1', 'class2'])
  cardReader?: 'class1' | 'class2';

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CERTIFICATE_POLICY, {
    each: true,
    message: 'each of certificatePolicies must be an OID, with at most one * arc from the fifth on',
  })
  certificatePolicies?: string[];

  @IsOptional()
  @IsPersonalNumber()
  personalNumber?: string;

  /** v5-era `risk` (LOW | MODERATE): accepted and ignored, as BankID's SampleCode still sends it. */
  @IsOptional()
  @IsString()
  risk?: string;
}

export class WebDataDto {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  referringDomain?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  userAgent?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceIdentifier?: string;
}

export class AppDataDto {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  appIdentifier?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceOS?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceModelName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  deviceIdentifier?: string;
}

/** Fields auth and sign share (BankID RP API v6.0). */
abstract class StartOrderDto {
  @ApiProperty({ description: "The end user's IP address as the RP sees it (IPv4 or IPv6)", example: '192.0.2.10' })
  @IsDefined()
  @IsString()
  @IsIP()
  endUserIp!: string;

  @ApiPropertyOptional({ enum: ['simpleMarkdownV1'] })
  @IsOptional()
  @IsIn(['simpleMarkdownV1'])
  userVisibleDataFormat?: 'simpleMarkdownV1';

  @ApiPropertyOptional({ description: 'Base64, not shown to the user' })
  @IsOptional()
  @IsBase64()
  @Length(1, USER_NON_VISIBLE_DATA_MAX)
  userNonVisibleData?: string;

  @ApiPropertyOptional({ description: 'Where the app returns after a same-device (autostart) order' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  returnUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  returnRisk?: boolean;

  @ApiPropertyOptional({ type: () => WebDataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WebDataDto)
  web?: WebDataDto;

  @ApiPropertyOptional({ type: () => AppDataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AppDataDto)
  app?: AppDataDto;

  @ApiPropertyOptional({ type: () => RequirementDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequirementDto)
  requirement?: RequirementDto;
}

export class AuthRequestDto extends StartOrderDto {
  @ApiPropertyOptional({ description: 'Base64 UTF-8 text shown in the app (1–1 500 characters encoded)' })
  @IsOptional()
  @IsBase64()
  @Length(1, USER_VISIBLE_DATA_MAX)
  userVisibleData?: string;
}

export class SignRequestDto extends StartOrderDto {
  @ApiProperty({ description: 'Base64 UTF-8 text the user signs (1–1 500 characters encoded)' })
  @IsDefined()
  @IsBase64()
  @Length(1, USER_VISIBLE_DATA_MAX)
  userVisibleData!: string;
}

export class OrderRefDto {
  @ApiProperty()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  orderRef!: string;
}
