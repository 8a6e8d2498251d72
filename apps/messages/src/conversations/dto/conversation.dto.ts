import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsPersonnummer } from '@insyn/person';

export class AttachmentInputDto {
  @ApiProperty({ example: 'beslut.pdf' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fileName!: string;

  @ApiProperty({ example: 'application/pdf' })
  @IsString()
  @MaxLength(100)
  mimeType!: string;

  @ApiProperty({ description: 'The file, base64-encoded' })
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
  @ApiProperty({ description: 'The message; may be sensitive (encrypted at rest)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  body!: string;

  @ApiPropertyOptional({ type: [AttachmentInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInputDto)
  attachments?: AttachmentInputDto[];
}

export class OpenConversationDto extends ReplyDto {
  @ApiProperty({ example: 'ÅÅÅÅMMDDNNNK', description: 'The citizen: personnummer or samordningsnummer, 12 digits (10 accepted)' })
  @IsPersonnummer()
  personnummer!: string;

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
  @ApiProperty() body!: string;
  @ApiProperty({ type: [AttachmentViewDto] }) attachments!: AttachmentViewDto[];
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
  @ApiProperty() messageCount!: number;
  @ApiPropertyOptional({ enum: ['pending', 'archived'] }) archive?: string;
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
