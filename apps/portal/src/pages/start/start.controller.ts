import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { type Lang, translate } from '../../web/i18n.js';
import { localsOf } from '../../web/page.middleware.js';
import { PortalTheme } from '../../web/theme.js';
import { Views } from '../../web/views.js';

interface NoticeSummary {
  id: string;
  title: { sv: string; en?: string };
  controller: { name: { sv: string; en?: string } };
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The public pages: the start page with the municipality's notices (searchable), each notice as the
 * notice service renders it (accessible HTML, in the page's language when the notice has it), and the
 * footer's pages. Public to the access guard: the portal's own session decides what a page shows.
 */
@ApiExcludeController()
@Controller()
export class StartController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  @Public()
  async start(@Res() res: Response, @Query('q') q?: string): Promise<void> {
    const { page } = localsOf(res);
    const notices = await this.api.publicAll('notice', '/v1/notices', (body) => (body as { notices: NoticeSummary[] }).notices);
    const query = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const shown = query
      ? notices.filter((n) =>
          [n.title.sv, n.title.en, n.controller.name.sv, n.controller.name.en].some((s) => s && fold(s).includes(fold(query))),
        )
      : notices;
    res.type('html').send(this.views.render('pages/start.njk', page, { notices: shown, q: query }));
  }

  @Get('behandlingar/:slug')
  @Public()
  async notice(@Param('slug') slug: string, @Res() res: Response): Promise<void> {
    const { page } = localsOf(res);
    if (!SLUG.test(slug)) throw Problems.notFound('The notice');
    try {
      const { title, content, contentLang } = await citizenNoticeHtml(this.api, slug, page.lang);
      res
        .type('html')
        .send(this.views.render('pages/notice.njk', page, { title, content, contentLang, fallback: contentLang !== page.lang }));
    } catch (err) {
      if (err instanceof BackendError && (err.status === 404 || err.status === 410)) throw Problems.notFound('The notice');
      throw err;
    }
  }

  @Get('tillganglighet')
  @Public()
  accessibility(@Res() res: Response): void {
    this.info(res, 'accessibility');
  }

  @Get('kakor')
  @Public()
  cookies(@Res() res: Response): void {
    this.info(res, 'cookies');
  }

  @Get('kontakt')
  @Public()
  contact(@Res() res: Response): void {
    this.info(res, 'contact');
  }

  private info(res: Response, which: 'accessibility' | 'cookies' | 'contact'): void {
    const { page } = localsOf(res);
    res.type('html').send(this.views.render('pages/info.njk', page, { which, title: translate(page.lang, `info.${which}.title`) }));
  }
}

/**
 * A published notice as residents see it: the notice service's accessible HTML (its `<main>`), in the
 * language asked for when the notice has it, else Swedish; also the officials' preview.
 */
export async function citizenNoticeHtml(
  api: ApiClient,
  slug: string,
  lang: Lang,
): Promise<{ title: string; content: string; contentLang: Lang }> {
  const base = await api.public<{ languages?: string[]; title: { sv: string } }>('notice', `/v1/notices/${slug}`);
  const contentLang: Lang = lang === 'en' && !(base.languages ?? ['sv']).includes('en') ? 'sv' : lang;
  const html = await api.text('notice', `/v1/notices/${slug}?format=html&lang=${contentLang}`);
  const content = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
  const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(content)?.[1]?.replace(/<[^>]+>/g, '') ?? base.title.sv;
  return { title, content, contentLang };
}

/** The one stylesheet made from configuration (the municipality's colours). */
@ApiExcludeController()
@Controller()
export class ThemeController {
  constructor(private readonly theme: PortalTheme) {}

  @Get('theme.css')
  @Public()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  css(): string {
    return this.theme.css;
  }
}
