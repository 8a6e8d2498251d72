import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import type { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import { csrfProblem, csrfValid, type PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { citizenPage, refusalText } from '../signed-in.js';
import { refusalFields } from './new-conversation.controller.js';
import { MAX_UPLOAD, type UploadedAttachment, uploadedAttachments } from './uploads.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;

interface Conversation {
  conversationId: string;
  status: 'open' | 'closed';
  subject: string;
  unitName: string;
  messages: { attachments: { attachmentId: string }[] }[];
}

/**
 * Mina meddelanden: the person's conversations, one read (logged by the messages service for her access
 * log), a reply with an optional attachment, attachment downloads. Everything goes through the messages
 * API with her own token, so she sees exactly what it lets her see.
 */
@ApiExcludeController()
@Controller('meddelanden')
export class MessagesController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ page, session }) => {
      const conversations = await this.api.allAs<unknown>(req, session, 'messages', '/v1/conversations');
      res.type('html').send(this.views.render('pages/messages.njk', page, { conversations }));
    });
  }

  @Get(':conversationId')
  @Public()
  read(@Req() req: Request, @Res() res: Response, @Param('conversationId') id: string, @Query('skickat') sent?: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      if (!ID.test(id)) throw Problems.notFound('The conversation');
      await this.show(req, res, locals, id, { sent: sent === '1' });
    });
  }

  @Post(':conversationId/svar')
  @Public()
  @UseInterceptors(FileInterceptor('attachment', { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 5 } }))
  reply(
    @Req() req: Request,
    @Res() res: Response,
    @Param('conversationId') id: string,
    @Body() form: { _csrf?: string; body?: string },
    @UploadedFile() file?: UploadedAttachment,
  ): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      if (!csrfValid(req, locals.session)) throw csrfProblem();
      if (!ID.test(id)) throw Problems.notFound('The conversation');
      const text = typeof form.body === 'string' ? form.body.trim() : '';
      if (!text) return this.show(req, res, locals, id, { error: translate(locals.page.lang, 'messages.emptyBody'), status: 400 });
      try {
        await this.api.as(req, locals.session, 'messages', 'POST', `/v1/conversations/${id}/messages`, {
          body: text,
          ...uploadedAttachments(file),
        });
      } catch (err) {
        const refusal = refusalText(err);
        if (!refusal) throw err;
        // A refused file or text is told in her language; anything else as the service put it.
        const known = refusalFields(err as BackendError);
        const textId = known.attachment ?? known.body;
        const error = textId ? translate(locals.page.lang, textId) : refusal;
        return this.show(req, res, locals, id, { error, draft: text, status: 422 });
      }
      res.redirect(303, `/meddelanden/${id}?skickat=1#svara`);
    });
  }

  @Get(':conversationId/bilagor/:attachmentId')
  @Public()
  attachment(
    @Req() req: Request,
    @Res() res: Response,
    @Param('conversationId') id: string,
    @Param('attachmentId') attachmentId: string,
  ): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ session }) => {
      if (!ID.test(id) || !ID.test(attachmentId)) throw Problems.notFound('The attachment');
      const file = await this.api.as<unknown>(req, session, 'messages', 'GET', `/v1/conversations/${id}/attachments/${attachmentId}`);
      res.setHeader('Content-Type', file.headers.get('content-type') ?? 'application/octet-stream');
      res.setHeader('Content-Disposition', file.headers.get('content-disposition') ?? 'attachment');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.raw);
    });
  }

  private async show(
    req: Request,
    res: Response,
    { page, session }: PortalLocals,
    id: string,
    extra: { sent?: boolean; error?: string; draft?: string; status?: number },
  ): Promise<void> {
    const { json } = await this.api.as<Conversation>(req, session, 'messages', 'GET', `/v1/conversations/${id}`);
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(this.views.render('pages/conversation.njk', page, { c: json, ...extra }));
  }
}
