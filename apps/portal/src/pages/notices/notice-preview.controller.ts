import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import type { Lang } from '../../web/i18n.js';
import { NOTICE_ROLES } from '../../web/official-areas.js';
import { officialPage } from '../signed-in.js';
import { citizenNoticeHtml } from '../start/start.controller.js';
import { fieldErrors, fieldId } from './notice-form.js';
import { BASE, checkSlug, mayEdit, messagesLangOf, NoticePages } from './notice-pages.js';
import { changeLines, type NoticeChange } from './notice-text.js';

/** A notice as residents will see it (the draft, or the published version), and two versions compared in words. */
@ApiExcludeController()
@Controller('tjanst/behandlingar')
export class NoticePreviewPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly sessions: BrowserSessions,
    private readonly pages: NoticePages,
  ) {}

  @Get(':slug/forhandsvisning')
  @Public()
  preview(
    @Req() req: Request,
    @Res() res: Response,
    @Param('slug') slug: string,
    @Query('sprak') asked?: string,
    @Query('visa') which?: string,
  ): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_ROLES, async (locals) => {
      checkSlug(slug);
      const contentLang: Lang = asked === 'en' ? 'en' : asked === 'sv' ? 'sv' : locals.page.lang;
      const [title, approval] = await Promise.all([this.pages.titleOf(req, locals, slug), this.pages.approval(req, locals, slug)]);
      // The draft, as residents will see it once published (the notice service renders it as it renders a version), or the published version.
      const showDraft = which === 'utkast' || (which !== 'publicerad' && !!approval);
      let shown: { content: string; contentLang: string } | undefined;
      let incomplete: { field: string; text: string; href: string }[] | undefined;
      let messagesLang: Lang = 'en';
      try {
        if (showDraft) {
          const { raw } = await this.api.as(
            req,
            locals.session,
            'notice',
            'GET',
            `/v1/notices/${slug}/draft/preview?lang=${contentLang}`,
            undefined,
            { accept: 'text/html', language: locals.page.lang },
          );
          const html = raw?.toString('utf8') ?? '';
          shown = {
            content: /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '',
            contentLang: /<html lang="(sv|en)"/.exec(html)?.[1] ?? contentLang,
          };
        } else shown = await citizenNoticeHtml(this.api, slug, contentLang);
      } catch (err) {
        if (err instanceof BackendError && err.status === 422) {
          incomplete = [...fieldErrors(err.problem).entries()].flatMap(([f, ms]) =>
            ms.map((text) => ({ field: f, text, href: `${BASE}/${slug}/redigera#${f ? fieldId(f) : 'notice-form'}` })),
          );
          messagesLang = messagesLangOf(err.language);
        } else if (!(err instanceof BackendError && (err.status === 404 || err.status === 410))) throw err;
      }
      // Inside this page, under its own heading: the notice's headings one level down (its h1 an h2, and so on).
      if (shown)
        shown = {
          ...shown,
          content: shown.content.replace(/<(\/?)h([1-5])\b/g, (_m, close: string, n: string) => `<${close}h${Number(n) + 1}`),
        };
      this.pages.render(res, locals, 'pages/official-notice-preview.njk', {
        slug,
        title,
        contentLang,
        shown,
        incomplete,
        messagesLang,
        showDraft,
        hasDraft: !!approval,
        tab: 'preview',
        showEdit: mayEdit(locals),
      });
    });
  }

  @Get(':slug/jamfor')
  @Public()
  compare(
    @Req() req: Request,
    @Res() res: Response,
    @Param('slug') slug: string,
    @Query('fran') from?: string,
    @Query('till') to?: string,
  ): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_ROLES, async (locals) => {
      checkSlug(slug);
      const [versions, title] = await Promise.all([this.pages.versions(slug), this.pages.titleOf(req, locals, slug)]);
      const numbers = versions.map((v) => v.version);
      const latest = numbers[numbers.length - 1];
      const pick = (v: string | undefined, fallback: number | undefined) => (v && numbers.includes(Number(v)) ? Number(v) : fallback);
      const a = pick(from, numbers[numbers.length - 2]);
      const b = pick(to, latest);
      let changes: ReturnType<typeof changeLines> | undefined;
      if (a !== undefined && b !== undefined && a !== b) {
        const read = await this.api.public<{ changes: NoticeChange[] }>('notice', `/v1/notices/${slug}/compare?from=${a}&to=${b}`);
        changes = changeLines(read.changes, locals.page.lang);
      }
      this.pages.render(res, locals, 'pages/official-notice-compare.njk', {
        slug,
        title,
        versions,
        from: a,
        to: b,
        changes,
        tab: 'compare',
        showEdit: mayEdit(locals),
      });
    });
  }
}
