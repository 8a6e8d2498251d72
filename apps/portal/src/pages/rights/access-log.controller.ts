import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import { Views } from '../../web/views.js';
import { citizenPage } from '../signed-in.js';
import { type LogAccessor, nextDay, swedishDayStart, whatText, whoText, whyText } from './rights-text.js';

const PAGE_SIZE = 25;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

interface Entry {
  accessId: string;
  accessedAt: string;
  action: string;
  purpose: string;
  accessor: LogAccessor;
  resource: { type: string; conversationId?: string };
}

/**
 * Vem har läst om mig: her access log as a table (when, who as role and unit, what, why), newest first,
 * a page at a time, within a period she may choose. An official is never named: the rights API gives the
 * role and unit only.
 */
@ApiExcludeController()
@Controller('vem-har-last')
export class AccessLogPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  log(
    @Req() req: Request,
    @Res() res: Response,
    @Query('fran') fromText?: string,
    @Query('till') toText?: string,
    @Query('sida') cursor?: string,
  ): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ page, session }) => {
      const lang = page.lang;
      const from = typeof fromText === 'string' ? fromText.trim() : '';
      const to = typeof toText === 'string' ? toText.trim() : '';
      const errors: { from?: string; to?: string; cursor?: string } = {};
      const fromAt = from ? swedishDayStart(from) : undefined;
      const toDay = to ? swedishDayStart(to) : undefined;
      if (from && !fromAt) errors.from = translate(lang, 'log.badDate');
      if (to && !toDay) errors.to = translate(lang, 'log.badDate');
      if (fromAt && toDay && toDay.getTime() < fromAt.getTime()) errors.to = translate(lang, 'log.toBeforeFrom');
      const after = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
      if (after !== undefined && !CURSOR.test(after)) errors.cursor = translate(lang, 'log.badCursor');
      const values = { from, to, errors, filtered: Boolean(from || to), older: Boolean(after) };
      if (Object.keys(errors).length > 0) {
        res
          .status(400)
          .type('html')
          .send(this.views.render('pages/access-log.njk', page, { ...values, entries: [] }));
        return;
      }

      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (fromAt) query.set('from', fromAt.toISOString());
      // "Till och med": the whole of that day, up to the start of the next (the API's `to` is exclusive).
      const toEnd = toDay ? swedishDayStart(nextDay(to)) : undefined;
      if (toEnd) query.set('to', toEnd.toISOString());
      if (after) query.set('cursor', after);
      let logPage: { entries: Entry[]; nextCursor?: string };
      try {
        ({ json: logPage } = await this.api.as<{ entries: Entry[]; nextCursor?: string }>(
          req,
          session,
          'rights',
          'GET',
          `/v1/access-log?${query.toString()}`,
        ));
      } catch (err) {
        // A cursor from an old or edited link: say so beside the table, never a 500.
        if (err instanceof BackendError && err.status === 403) {
          res
            .status(403)
            .type('html')
            .send(
              this.views.render('pages/access-log.njk', page, { ...values, errors: { loa: translate(lang, 'rights.loa3') }, entries: [] }),
            );
          return;
        }
        if (err instanceof BackendError && err.status === 400) {
          res
            .status(400)
            .type('html')
            .send(
              this.views.render('pages/access-log.njk', page, {
                ...values,
                errors: { cursor: translate(lang, 'log.badCursor') },
                entries: [],
              }),
            );
          return;
        }
        throw err;
      }
      // Her conversations' subjects, to say what was read; a conversation since deleted is "a conversation".
      const conversations = await this.api
        .allAs<{ conversationId: string; subject: string }>(req, session, 'messages', '/v1/conversations')
        .catch(() => []);
      const subjects = new Map(conversations.map((c) => [c.conversationId, c.subject]));
      const next = new URLSearchParams();
      if (from) next.set('fran', from);
      if (to) next.set('till', to);
      if (logPage.nextCursor) next.set('sida', logPage.nextCursor);
      res.type('html').send(
        this.views.render('pages/access-log.njk', page, {
          ...values,
          entries: logPage.entries.map((e) => ({
            at: e.accessedAt,
            who: whoText(e.accessor, lang),
            what: whatText(e.resource, e.action, subjects, lang),
            why: whyText(e.purpose, lang),
          })),
          olderUrl: logPage.nextCursor ? `/vem-har-last?${next.toString()}` : undefined,
          newestUrl: `/vem-har-last${from || to ? `?${new URLSearchParams({ ...(from ? { fran: from } : {}), ...(to ? { till: to } : {}) }).toString()}` : ''}`,
        }),
      );
    });
  }
}
