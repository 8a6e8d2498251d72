import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@insyn/service-kit';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** A page of the protocol: from `fromSeq`, or after the cursor of the previous page's `Link` (not both). */
export class ProtocolPageQuery extends PageQuery {
  @ApiPropertyOptional({ example: 1, description: 'The first seq to return (default 1); not beside a `cursor`' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  fromSeq?: number;
}
