import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ApiPagedResponse, Idempotent, linkNext } from '@insyn/service-kit';
import type { Response } from 'express';
import { HANDLER_ROLE, Scopes } from './domain/access.js';
import {
  ConversationSummaryDto,
  ConversationViewDto,
  InaktuellDto,
  ListConversationsQueryDto,
  OpenConversationDto,
  ReplyDto,
} from './dto/conversation.dto.js';
import { CloseConversation } from './usecases/close-conversation/close-conversation.usecase.js';
import { ConfirmInaktuell } from './usecases/confirm-inaktuell/confirm-inaktuell.usecase.js';
import { DownloadAttachment } from './usecases/download-attachment/download-attachment.usecase.js';
import { ListConversations } from './usecases/list-conversations/list-conversations.usecase.js';
import { OpenConversation } from './usecases/open-conversation/open-conversation.usecase.js';
import { ReadConversation } from './usecases/read-conversation/read-conversation.usecase.js';
import { ReplyToConversation } from './usecases/reply-to-conversation/reply-to-conversation.usecase.js';

const READERS = { citizen: { minLoa: 3 }, officialRoles: [HANDLER_ROLE], clientScopes: [Scopes.read] };
const WRITERS = { citizen: { minLoa: 3 }, officialRoles: [HANDLER_ROLE], clientScopes: [Scopes.send] };
const UUID = new ParseUUIDPipe();

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly openConversation: OpenConversation,
    private readonly listConversations: ListConversations,
    private readonly readConversation: ReadConversation,
    private readonly downloadAttachment: DownloadAttachment,
    private readonly replyToConversation: ReplyToConversation,
    private readonly closeConversation: CloseConversation,
    private readonly confirmInaktuell: ConfirmInaktuell,
  ) {}

  @Post()
  @Allow({ clientScopes: [Scopes.send] })
  @ApiOperation({ summary: 'A municipal system opens a conversation with a citizen for its unit (the token’s unit)' })
  @ApiCreatedResponse({ type: ConversationViewDto })
  @Idempotent({ unprocessable: 'the caller’s unit holds no conversations, or the subject or an attachment breaks a rule' })
  open(@Body() body: OpenConversationDto, @CurrentPrincipal() by: Principal) {
    return this.openConversation.execute(body, by);
  }

  @Get()
  @Allow(READERS)
  @ApiOperation({
    summary: 'Conversations you may see: a citizen her own, an official or system its unit’s; paged',
    description:
      'Without `since`, newest activity first; with `since`, the conversations changed after it, oldest change first (to ' +
      'sync: pass the largest `changedAt` seen last time). Filters: `status`, and for the unit `caseReference`. At most ' +
      '`limit` (1-200, default 200) a page; when there are more, the answer has `Link: </v1/conversations?cursor=…&limit=…>; ' +
      'rel="next"` (RFC 8288): follow it until there is none. The cursor is opaque and keeps the first page’s filters; ' +
      'the order is stable (a time, then the id), so no conversation is skipped; with `since`, one that changes again ' +
      'while you page comes again, later. Bad parameters get a 400 problem naming each.',
  })
  @ApiPagedResponse({ path: '/v1/conversations', type: [ConversationSummaryDto] })
  async list(
    @CurrentPrincipal() by: Principal,
    @Query() query: ListConversationsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConversationSummaryDto[]> {
    const page = await this.listConversations.execute(by, query);
    linkNext(res, '/v1/conversations', page.next, query.limit);
    return page.items;
  }

  @Get(':conversationId')
  @Allow(READERS)
  @ApiOperation({ summary: 'A conversation with its messages; the read is logged for the citizen’s access log' })
  @ApiOkResponse({ type: ConversationViewDto })
  read(@Param('conversationId', UUID) id: string, @CurrentPrincipal() by: Principal) {
    return this.readConversation.execute(id, by);
  }

  @Get(':conversationId/attachments/:attachmentId')
  @Allow(READERS)
  @ApiOperation({ summary: 'Download an attachment; logged like a read' })
  async attachment(
    @Param('conversationId', UUID) id: string,
    @Param('attachmentId', UUID) attachmentId: string,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.downloadAttachment.execute(id, attachmentId, by);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.content, {
      type: file.mimeType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      length: file.content.length,
    });
  }

  @Post(':conversationId/messages')
  @HttpCode(201)
  @Allow(WRITERS)
  @ApiOperation({ summary: 'Reply in an open conversation (the citizen, the unit’s officials, the unit’s system)' })
  @ApiCreatedResponse({ type: ConversationViewDto })
  @Idempotent({
    conflict: '`conversation-closed`: the conversation is closed; `conflict`: another reply took the same place, send again',
    unprocessable: 'an attachment breaks a rule',
  })
  reply(@Param('conversationId', UUID) id: string, @Body() body: ReplyDto, @CurrentPrincipal() by: Principal) {
    return this.replyToConversation.execute(id, body, by);
  }

  @Post(':conversationId/close')
  @HttpCode(200)
  @Allow({ officialRoles: [HANDLER_ROLE], clientScopes: [Scopes.send] })
  @ApiOperation({ summary: 'Close the conversation: no more messages; it is then archived to the business system' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  close(@Param('conversationId', UUID) id: string, @CurrentPrincipal() by: Principal) {
    return this.closeConversation.execute(id, by);
  }

  @Post(':conversationId/inaktuell')
  @HttpCode(200)
  @Allow({ officialRoles: [HANDLER_ROLE], clientScopes: [Scopes.send] })
  @ApiOperation({
    summary: 'Confirm a closed conversation no longer needed (gallring "vid inaktualitet" counts from now); again gives the first time',
  })
  @ApiOkResponse({ type: InaktuellDto })
  @ApiConflictResponse({ description: 'The conversation is still open' })
  inaktuell(@Param('conversationId', UUID) id: string, @CurrentPrincipal() by: Principal): Promise<InaktuellDto> {
    return this.confirmInaktuell.execute(id, by);
  }
}
