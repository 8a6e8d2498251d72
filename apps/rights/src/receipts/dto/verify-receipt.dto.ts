import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class VerifyReceiptDto {
  @ApiProperty({ description: 'The consent receipt as downloaded: a compact JWS (header.payload.signature)' })
  @IsString()
  @MinLength(1)
  @MaxLength(32_768)
  receipt!: string;
}
