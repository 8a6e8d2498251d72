import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CASE_REFERENCE } from '@insyn/contracts';
import { PageQuery } from '@insyn/service-kit';
import { IsPersonnummer } from '@insyn/person';
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_TYPES } from '../../config/messages-env.js';

const CASE_REFERENCE_RULE =
  'caseReference must be 1-64 characters: letters, digits, space and - / . : _ ( ), starting with a letter or digit';

export class AttachmentInputDto {
  @ApiProperty({ example: 'beslut.pdf' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fileName!: string;

  @ApiProperty({
    example: 'application/pdf',
    description:
      `One of ${DEFAULT_ATTACHMENT_TYPES.split(',').join(', ')} (the defaults; an installation sets ATTACHMENT_TYPES), ` +
      'matching the content’s first bytes (422 otherwise)',
  })
  @IsString()
  @MaxLength(100)
  mimeType!: string;

  @ApiProperty({
    description:
      `The file, base64-encoded: at most ${DEFAULT_ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB decoded (the default; an installation ` +
      'sets ATTACHMENT_MAX_BYTES; 422 beyond it), not empty. The whole request body may be 40 MB (413 beyond it)',
  })
  @IsBase64()
  content!: string;
}

export class NotificationContactDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;

  @ApiPropertyOptional({ example: '+46701234567' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{6,19}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ enum: ['sv', 'en'] })
  @IsOptional()
  @IsIn(['sv', 'en'])
  lang?: 'sv' | 'en';
}

/** A message as sent: the body and its attachments (a reply, and the first message of a conversation). */
export class ReplyDto {
  @ApiProperty({ description: 'The message; may be sensitive (encrypted at rest)', minLength: 1, maxLength: 20_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  body!: string;

  @ApiPropertyOptional({ type: [AttachmentInputDto], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInputDto)
  attachments?: AttachmentInputDto[];
}

/** What a new conversation has besides its first message: the subject line, and where to tell the citizen of replies. */
class NewConversationDto extends ReplyDto {
  @ApiProperty({ example: 'Kallelse till möte', description: 'Shown in lists: must not reveal anything sensitive' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  subject!: string;

  @ApiPropertyOptional({ type: NotificationContactDto, description: 'Where to tell the citizen a message is waiting' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NotificationContactDto)
  notify?: NotificationContactDto;
}

export class OpenConversationDto extends NewConversationDto {
  @ApiProperty({ example: 'ÅÅÅÅMMDDNNNK', description: 'The citizen: personnummer or samordningsnummer, 12 digits (10 accepted)' })
  @IsPersonnummer()
  personnummer!: string;

  @ApiPropertyOptional({
    example: 'SOC 2026/1234',
    maxLength: 64,
    pattern: CASE_REFERENCE.source,
    description:
      'The business system’s case reference (diarienummer): shown to the unit’s officials and systems, never to the citizen ' +
      'or another unit; `GET /v1/conversations?caseReference=` finds the unit’s conversations by it. Not sensitive: no names, ' +
      'no personnummer',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(CASE_REFERENCE, { message: CASE_REFERENCE_RULE })
  caseReference?: string;
}

/** The filters and paging of `GET /v1/conversations`. */
export class ListConversationsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'], { message: 'status must be open or closed' })
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ example: 'SOC 2026/1234', maxLength: 64, description: 'The unit’s conversations with this case reference' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(CASE_REFERENCE, { message: CASE_REFERENCE_RULE })
  caseReference?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description:
      'Only conversations changed after this instant (opened, a message, closed, confirmed inaktuell, archived), oldest ' +
      'change first: keep the largest `changedAt` you saw and pass it next time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' })
  since?: string;
}

/** A citizen starts a conversation with a unit: her personnummer comes sealed from the identity service, never from her. */
export class StartConversationDto extends NewConversationDto {
  @ApiProperty({
    description:
      'The person assertion the identity service issued to the signed-in citizen for this service (POST /v1/person-assertions ' +
      'at identity): a compact JWE to this service’s key (see /.well-known/jwks.json) holding a JWT signed by identity, ' +
      'valid for two minutes, whose subject must be the caller (ADR 0010)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  identityAssertion!: string;
}

export class UnitDto {
  @ApiProperty({ example: 'socialtjansten' }) unit!: string;
  @ApiProperty({ example: 'Individ- och familjeomsorgen' }) name!: string;
  @ApiProperty({ description: 'Whether a citizen may start a conversation with the unit herself' }) acceptsCitizens!: boolean;
}

export class AttachmentViewDto {
  @ApiProperty() attachmentId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() mimeType!: string;
  @ApiProperty() size!: number;
}

export class MessageViewDto {
  @ApiProperty() messageId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: ['citizen', 'official', 'client', 'system'] }) authorKind!: string;
  @ApiPropertyOptional() authorName?: string;
  @ApiProperty() sentAt!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'The read receipt of a message to the citizen: when she first opened the conversation after it came (her own ' +
      'reading only; an official’s or a system’s changes nothing). Shown to the unit’s officials and systems, not to her; ' +
      'absent while unread, and on her own messages',
  })
  readAt?: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [AttachmentViewDto] }) attachments!: AttachmentViewDto[];
}

/** Why archiving a closed conversation keeps failing; shown to the unit (its officials and systems), not to the citizen. */
export class ArchiveFailureDto {
  @ApiProperty({
    example: 'EACCES',
    description:
      'A code without personal data: an errno code of the archive folder or connection (ENOENT, EACCES, ENOTDIR, ENOSPC, ' +
      'ECONNREFUSED...), http-<status> from the archive endpoint, timeout, or package-invalid, objid-conflict, ' +
      'receipt-malformed, receipt-mismatch, package-build',
  })
  reason!: string;
  @ApiProperty({ description: 'False when the destination refused the package for good; it is retried all the same' })
  retryable!: boolean;
  @ApiProperty({ description: 'The first failed attempt of this run of failures' }) since!: string;
  @ApiProperty() lastAttemptAt!: string;
  @ApiProperty({ description: 'When the archiver tries again (backoff up to an hour, or the endpoint’s Retry-After)' })
  nextAttemptAt!: string;
  @ApiProperty({ description: 'Attempts so far, the failed ones included' }) attempts!: number;
}

export class ConversationSummaryDto {
  @ApiProperty() conversationId!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty() openedAt!: string;
  @ApiPropertyOptional() closedAt?: string;
  @ApiPropertyOptional({ description: 'When the unit confirmed the closed conversation no longer needed (gallring "vid inaktualitet")' })
  inaktuellAt?: string;
  @ApiProperty() lastMessageAt!: string;
  @ApiProperty({ description: 'When anything shown here last changed; what `since` selects on' }) changedAt!: string;
  @ApiPropertyOptional({ example: 'SOC 2026/1234', description: 'The business system’s case reference; to the unit only' })
  caseReference?: string;
  @ApiProperty() messageCount!: number;
  @ApiPropertyOptional({
    enum: ['pending', 'failing', 'archived'],
    description: 'Closed conversations: pending until archived; failing while attempts fail (retried); archived once delivered',
  })
  archive?: string;
  @ApiPropertyOptional({ type: ArchiveFailureDto, description: 'While `archive` is failing, to the unit only' })
  archiveFailure?: ArchiveFailureDto;
}

export class ConversationViewDto extends ConversationSummaryDto {
  @ApiProperty({ type: [MessageViewDto] }) messages!: MessageViewDto[];
}

/** The answer to confirming a closed conversation inaktuell: the first confirmation's time, also when asked again. */
export class InaktuellDto {
  @ApiProperty() conversationId!: string;
  @ApiProperty({ description: 'When it was first confirmed; retention rules with the trigger `inaktualitet` count from here' })
  inaktuellAt!: string;
}
