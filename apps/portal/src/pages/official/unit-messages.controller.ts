import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient, nextPage } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import { MESSAGE_HANDLER_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { officialPage, refusalText } from '../signed-in.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY = 20_000;
const DONE = ['skickat', 'stangt', 'inaktuell'];
/** Conversations a page; the messages service's cursor travels as `sida`. */
const PAGE_SIZE = 50;
const CURSOR = /^[A-Za-z0-9_-]{1,1000}$/;

/**
 * The unit's messages (messages-handler): the conversations of the official's own unit, newest activity
 * first; one read (logged by the messages service for the citizen's access log); a reply; closing it; once
 * closed, confirming it no longer needed (inaktuell, where gallring counts from). The
 * messages service decides what her token may see, so another unit's conversation is a 404 here as there.
 */
@ApiExcludeController()
@Controller('tjanst/meddelanden')
export class UnitMessagesController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response, @Query('sida') sida?: string): Promise<void> {
    return officialPage(req, res, this.sessions, MESSAGE_HANDLER_ROLES, async ({ page, session }) => {
      // A unit's list grows without end: a page at a time, newest activity first, and "Visa fler" for the next.
      const cursor = typeof sida === 'string' && CURSOR.test(sida) ? sida : undefined;
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
      let read: { json: unknown[]; headers: Headers };
      try {
        read = await this.api.as<unknown[]>(req, session, 'messages', 'GET', `/v1/conversations?${query.toString()}`);
      } catch (err) {
        // A cursor from an old or edited link: start again from the newest.
        if (cursor && err instanceof BackendError && err.status === 400) return res.redirect(303, '/tjanst/meddelanden');
        throw err;
      }
      const next = nextPage(read.headers);
      const nextCursor = next ? new URLSearchParams(next.slice(next.indexOf('?') + 1)).get('cursor') : null;
      res.type('html').send(
        this.views.render('pages/official-conversations.njk', page, {
          conversations: read.json,
          moreUrl: nextCursor ? `/tjanst/meddelanden?${new URLSearchParams({ sida: nextCursor }).toString()}` : undefined,
          later: Boolean(cursor),
        }),
      );
    });
  }

  @Get(':conversationId')
  @Public()
  read(@Req() req: Request, @Res() res: Response, @Param('conversationId') id: string, @Query('klart') done?: string): Promise<void> {
    return officialPage(req, res, this.sessions, MESSAGE_HANDLER_ROLES, async (locals) => {
      if (!UUID.test(id)) throw Problems.notFound('The conversation');
      await this.show(req, res, locals, id, { ...(done && DONE.includes(done) ? { done } : {}) });
    });
  }

  @Post(':conversationId/svar')
  @Public()
  reply(
    @Req() req: Request,
    @Res() res: Response,
    @Param('conversationId') id: string,
    @Body() form: { body?: unknown } = {},
  ): Promise<void> {
    return officialPage(req, res, this.sessions, MESSAGE_HANDLER_ROLES, async (locals) => {
      if (!UUID.test(id)) throw Problems.notFound('The conversation');
      const lang = locals.page.lang;
      const text = typeof form.body === 'string' ? form.body.trim() : '';
      if (!text) return this.show(req, res, locals, id, { error: translate(lang, 'unitMessages.emptyBody'), status: 400 });
      if (text.length > MAX_BODY)
        return this.show(req, res, locals, id, { error: translate(lang, 'queue.tooLong', { max: MAX_BODY }), draft: text, status: 400 });
      try {
        await this.api.as(req, locals.session, 'messages', 'POST', `/v1/conversations/${id}/messages`, { body: text });
      } catch (err) {
        const refusal = refusalText(err);
        if (!refusal) throw err;
        const closed = err instanceof BackendError && err.problem?.type?.endsWith('/conversation-closed');
        const error = closed ? translate(lang, 'unitMessages.closed') : refusal;
        return this.show(req, res, locals, id, { error, draft: text, status: closed ? 409 : 422 });
      }
      res.redirect(303, `/tjanst/meddelanden/${id}?klart=skickat`);
    });
  }

  @Post(':conversationId/stang')
  @Public()
  close(@Req() req: Request, @Res() res: Response, @Param('conversationId') id: string): Promise<void> {
    return officialPage(req, res, this.sessions, MESSAGE_HANDLER_ROLES, async ({ session }) => {
      if (!UUID.test(id)) throw Problems.notFound('The conversation');
      try {
        await this.api.as(req, session, 'messages', 'POST', `/v1/conversations/${id}/close`);
      } catch (err) {
        // Closed already (another tab, a colleague): the conversation's page says so.
        if (err instanceof BackendError && err.status === 409) return res.redirect(303, `/tjanst/meddelanden/${id}`);
        throw err;
      }
      res.redirect(303, `/tjanst/meddelanden/${id}?klart=stangt`);
    });
  }

  /** Confirms a closed conversation no longer needed: gallring "vid inaktualitet" counts from now (again: the first time stands). */
  @Post(':conversationId/inaktuell')
  @Public()
  confirmInaktuell(@Req() req: Request, @Res() res: Response, @Param('conversationId') id: string): Promise<void> {
    return officialPage(req, res, this.sessions, MESSAGE_HANDLER_ROLES, async ({ session }) => {
      if (!UUID.test(id)) throw Problems.notFound('The conversation');
      try {
        await this.api.as(req, session, 'messages', 'POST', `/v1/conversations/${id}/inaktuell`);
      } catch (err) {
        // Still open (reopened elsewhere is not possible; a stale page): the page shows where it stands.
        if (err instanceof BackendError && err.status === 409) return res.redirect(303, `/tjanst/meddelanden/${id}`);
        throw err;
      }
      res.redirect(303, `/tjanst/meddelanden/${id}?klart=inaktuell`);
    });
  }

  private async show(
    req: Request,
    res: Response,
    { page, session }: PortalLocals,
    id: string,
    extra: { done?: string; error?: string; draft?: string; status?: number },
  ): Promise<void> {
    const { json } = await this.api.as<unknown>(req, session, 'messages', 'GET', `/v1/conversations/${id}`);
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(this.views.render('pages/official-conversation.njk', page, { c: json, maxBody: MAX_BODY, ...extra }));
  }
}
