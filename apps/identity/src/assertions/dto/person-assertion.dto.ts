import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class PersonAssertionRequestDto {
  @ApiProperty({ example: 'insyn-messages', description: 'The service the assertion is for (one of PERSON_ASSERTION_AUDIENCES)' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.:/-]{1,100}$/, { message: 'audience must be a service’s audience name' })
  audience!: string;
}

export class PersonAssertionDto {
  @ApiProperty({ description: 'A compact JWE to the audience’s key, holding a JWT signed by identity; opaque to the caller' })
  assertion!: string;
  @ApiProperty({ example: 'insyn-messages' }) audience!: string;
  @ApiProperty({ example: 120, description: 'Seconds it is valid' }) expiresIn!: number;
}
