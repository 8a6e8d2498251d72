import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, registerDecorator, type ValidationArguments } from 'class-validator';
import { Problems } from '@insyn/observability';
import { PAGE_LIMIT_DEFAULT, PageQuery } from '@insyn/service-kit';
import {
  ACCESSOR_KINDS,
  decodeCursor,
  type LogPageQuery,
  looksLikePersonnummer,
  RESOURCE_TYPES,
  SUBJECT_KEY,
} from '../domain/access-entry.js';

/** A cursor this service handed out (`nextCursor`). Never echoes the value. */
function IsLogCursor(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLogCursor',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== undefined,
        defaultMessage: (args: ValidationArguments) => `${args.property} must be a nextCursor from an earlier page`,
      },
    });
}

/** A subject key; a personnummer (or anything shaped like one) gets a message of its own, never echoing it. */
function IsSubjectKey(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSubjectKey',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !looksLikePersonnummer(value) && SUBJECT_KEY.test(value),
        defaultMessage: (args: ValidationArguments) =>
          typeof args.value === 'string' && looksLikePersonnummer(args.value)
            ? `${args.property} looks like a personnummer: a person is named by her subject key, and a personnummer never goes in a URL`
            : `${args.property} must be a subject key (16-128 letters, digits, '_' or '-')`,
      },
    });
}

/** One page of a log: newest first, optionally within a period. */
export class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (or follow its `Link: <…>; rel="next"`)' })
  @IsOptional()
  @IsLogCursor()
  override cursor?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'Reads at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'Reads before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** The page query in the log's terms; a period that ends before it starts is a 400 naming `to`. */
export function pageQueryOf(query: AccessLogQuery): LogPageQuery {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && to.getTime() <= from.getTime()) throw Problems.validation([{ field: 'to', messages: ['to must be after from'] }]);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return {
    limit: query.limit ?? PAGE_LIMIT_DEFAULT,
    ...(cursor ? { cursor } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export class SubjectKeyParams {
  @ApiProperty({ description: 'The person’s subject key (the keyed HMAC of her personnummer), never the personnummer' })
  @IsSubjectKey()
  subjectKey!: string;
}

export class AccessorViewDto {
  @ApiProperty({ enum: ACCESSOR_KINDS }) kind!: string;
  @ApiPropertyOptional({ description: 'True when the citizen read her own data' }) self?: boolean;
  @ApiPropertyOptional({ example: 'messages-handler', description: 'The role (official) or scope (system) that allowed the read' })
  role?: string;
  @ApiPropertyOptional({ example: 'socialtjansten' }) unit?: string;
  @ApiPropertyOptional({ example: 'Individ- och familjeomsorgen' }) unitName?: string;
  @ApiPropertyOptional({ description: 'The municipal system that read (systems only; an official is never named)' }) clientId?: string;
}

export class ResourceViewDto {
  @ApiProperty({ enum: RESOURCE_TYPES, description: '`access-log`: this log, read by an official of the rights function' })
  type!: string;
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional() conversationId?: string;
}

export class AccessEntryViewDto {
  @ApiProperty() accessId!: string;
  @ApiProperty({ format: 'date-time' }) accessedAt!: string;
  @ApiProperty({ enum: ['read', 'download'] }) action!: string;
  @ApiProperty({ example: 'handlaggning', description: 'The processing purpose the read falls under' }) purpose!: string;
  @ApiProperty({ type: AccessorViewDto }) accessor!: AccessorViewDto;
  @ApiProperty({ type: ResourceViewDto }) resource!: ResourceViewDto;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessEntryViewDto], description: 'Newest first' }) entries!: AccessEntryViewDto[];
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' }) nextCursor?: string;
}

export class OfficialAccessorViewDto extends AccessorViewDto {
  @ApiProperty({ description: 'The subject key of the official or citizen, or the client id' }) id!: string;
}

export class OfficialAccessEntryViewDto extends AccessEntryViewDto {
  @ApiProperty({ type: OfficialAccessorViewDto }) declare accessor: OfficialAccessorViewDto;
  @ApiProperty({ example: 'messages', description: 'The service that reported the read' }) source!: string;
}

export class OfficialAccessLogPageDto {
  @ApiProperty({ type: [OfficialAccessEntryViewDto], description: 'Newest first' }) entries!: OfficialAccessEntryViewDto[];
  @ApiPropertyOptional() nextCursor?: string;
}
