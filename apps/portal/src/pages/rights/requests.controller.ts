import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, translate } from '../../web/i18n.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { citizenPage } from '../signed-in.js';
import { rightsRefusal } from './rights-refusal.js';
import { type DerivedRight, REQUEST_KINDS, type RequestKind, requestIdOf, whyNotText } from './rights-text.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_DETAILS = 2000;

type Text = { sv: string; en?: string };

/** A data-subject request as the rights service shows it to its person. */
export interface RequestView {
  id: string;
  kind: RequestKind;
  notice: { slug: string; version: number; title: string };
  status: 'open' | 'answered' | 'withdrawn';
  receivedAt: string;
  dueAt: string;
  extension?: { months: number; reason: string; decidedAt: string; previousDueAt: string };
  parts: { expected: string[]; received: string[] };
  decisions: { service: string; outcome: string; ground: string; law: string; note?: string }[];
  closedAt?: string;
  report?: string;
}

interface NoticeSummary {
  id: string;
  title: Text;
  rights?: Partial<Record<RequestKind, DerivedRight>>;
}

/** What the form shows: the notice, each kind (applying or not, with why not), what was typed, what went wrong. */
interface FormState {
  chosen?: string;
  details?: string;
  error?: string;
  errorField?: 'kind' | 'details';
  duplicateOf?: string;
  status?: number;
}

/**
 * Mina begäranden: her data-subject requests with due dates, extensions and progress; a form to open one
 * under a notice (the kinds its legal bases give, the others shown as not available and why); one request
 * with what happens next, a one-step withdrawal, the decisions and the registerutdrag downloads.
 */
@ApiExcludeController()
@Controller('begaranden')
export class RequestsPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ page, session }) => {
      const { json } = await this.api.as<RequestView[]>(req, session, 'rights', 'GET', '/v1/requests');
      const titles = await this.titles(
        json.map((r) => r.notice.slug),
        page.lang,
      );
      res.type('html').send(
        this.views.render('pages/requests.njk', page, {
          requests: json.map((r) => ({ ...r, title: titles.get(r.notice.slug) ?? { text: r.notice.title, lang: 'sv' } })),
        }),
      );
    });
  }

  @Get('ny')
  @Public()
  form(@Req() req: Request, @Res() res: Response, @Query('behandling') slug?: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      if (slug === undefined || slug === '') return this.chooseNotice(res, locals);
      if (typeof slug !== 'string' || !SLUG.test(slug)) throw Problems.notFound('The notice');
      await this.showForm(res, locals, slug, {});
    });
  }

  @Post('ny')
  @Public()
  open(
    @Req() req: Request,
    @Res() res: Response,
    @Query('behandling') slug: string | undefined,
    @Body() body: { kind?: string; details?: string } | undefined,
  ): Promise<void> {
    const form = body ?? {};
    return citizenPage(req, res, this.sessions, async (locals) => {
      if (typeof slug !== 'string' || !SLUG.test(slug)) throw Problems.notFound('The notice');
      const lang = locals.page.lang;
      const kind =
        typeof form.kind === 'string' && (REQUEST_KINDS as readonly string[]).includes(form.kind) ? (form.kind as RequestKind) : undefined;
      const details = typeof form.details === 'string' ? form.details.trim() : '';
      const state: FormState = { ...(kind ? { chosen: kind } : {}), details };
      if (!kind)
        return this.showForm(res, locals, slug, {
          ...state,
          error: translate(lang, 'requests.form.chooseKind'),
          errorField: 'kind',
          status: 400,
        });
      if (details.length > MAX_DETAILS)
        return this.showForm(res, locals, slug, {
          ...state,
          error: translate(lang, 'requests.form.tooLong'),
          errorField: 'details',
          status: 400,
        });
      let created: RequestView;
      try {
        ({ json: created } = await this.api.as<RequestView>(req, locals.session, 'rights', 'POST', '/v1/requests', {
          notice: slug,
          kind,
          ...(details ? { details } : {}),
        }));
      } catch (err) {
        if (err instanceof BackendError && err.status === 409 && err.problem?.type?.endsWith('request-already-open')) {
          const open = requestIdOf(err.problem.openRequest);
          return this.showForm(res, locals, slug, {
            ...state,
            error: translate(lang, 'requests.form.duplicate'),
            errorField: 'kind',
            ...(open ? { duplicateOf: open } : {}),
            status: 409,
          });
        }
        if (err instanceof BackendError && err.status === 422 && err.problem?.type?.endsWith('right-not-given')) {
          const article = typeof err.problem.article === 'string' ? err.problem.article : '';
          const text = translate(lang, 'requests.form.notGiven', { right: translate(lang, `rights.kind.${kind}.name`), article });
          return this.showForm(res, locals, slug, { ...state, error: text, errorField: 'kind', status: 422 });
        }
        const refusal = rightsRefusal(err, lang);
        if (!refusal) throw err;
        return this.showForm(res, locals, slug, { ...state, error: refusal, errorField: 'kind', status: 422 });
      }
      res.redirect(303, `/begaranden/${created.id}?klart=skickad`);
    });
  }

  @Get(':requestId')
  @Public()
  one(@Req() req: Request, @Res() res: Response, @Param('requestId') id: string, @Query('klart') done?: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ page, session }) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      const { json } = await this.api.as<RequestView>(req, session, 'rights', 'GET', `/v1/requests/${id}`);
      const noticeTitle = (await this.titles([json.notice.slug], page.lang)).get(json.notice.slug) ?? {
        text: json.notice.title,
        lang: 'sv',
      };
      res.type('html').send(
        this.views.render('pages/request.njk', page, {
          r: json,
          noticeTitle,
          done: done === 'skickad' || done === 'aterkallad' ? done : undefined,
          services: [...new Set([...json.parts.expected, ...json.parts.received])].map((s) => ({
            name: serviceName(s, page.lang),
            done: json.parts.received.includes(s),
          })),
          decisions: json.decisions.map((d) => ({ ...d, serviceName: serviceName(d.service, page.lang) })),
        }),
      );
    });
  }

  @Post(':requestId/aterkalla')
  @Public()
  withdraw(@Req() req: Request, @Res() res: Response, @Param('requestId') id: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ session }) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      try {
        await this.api.as(req, session, 'rights', 'POST', `/v1/requests/${id}/withdraw`);
      } catch (err) {
        // Already answered or withdrawn (another tab, a second press): the request's page says where it stands.
        if (err instanceof BackendError && err.status === 409) return res.redirect(303, `/begaranden/${id}`);
        throw err;
      }
      res.redirect(303, `/begaranden/${id}?klart=aterkallad`);
    });
  }

  @Get(':requestId/registerutdrag')
  @Public()
  report(@Req() req: Request, @Res() res: Response, @Param('requestId') id: string, @Query('format') format?: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ session }) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      const f = format === 'html' || format === 'pdf' ? format : 'json';
      const file = await this.api
        .as<unknown>(req, session, 'rights', 'GET', `/v1/requests/${id}/report?format=${f}`)
        .catch((err: unknown) => {
          // No answer to download (still open, withdrawn, or a kind without a report): there is no such file.
          // A 403 is her sign-in's assurance level, said as such by citizenPage.
          if (err instanceof BackendError && err.status >= 400 && err.status < 500 && err.status !== 403)
            throw Problems.notFound('The report');
          throw err;
        });
      // The JSON comes parsed (the client reads JSON bodies): sent back as the file it was.
      const body = file.raw ?? Buffer.from(JSON.stringify(file.json, null, 2));
      res.setHeader('Content-Type', file.headers.get('content-type') ?? 'application/octet-stream');
      res.setHeader('Content-Disposition', file.headers.get('content-disposition') ?? `attachment; filename="registerutdrag-${id}.${f}"`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // The readable report is opened from disk; here it is only ever a download, never rendered as the portal's page.
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.send(body);
    });
  }

  private async showForm(res: Response, { page }: PortalLocals, slug: string, state: FormState): Promise<void> {
    const [notice, kinds] = await Promise.all([
      this.api.public<NoticeSummary>('notice', `/v1/notices/${slug}`).catch((err: unknown) => {
        if (err instanceof BackendError && (err.status === 404 || err.status === 410)) throw Problems.notFound('The notice');
        throw err;
      }),
      this.api.public<{ kinds: { kind: RequestKind; applies: boolean; article: string }[] }>('rights', `/v1/request-kinds?notice=${slug}`),
    ]);
    const lang = page.lang;
    const options = REQUEST_KINDS.map((kind) => {
      const k = kinds.kinds.find((x) => x.kind === kind);
      const applies = k?.applies ?? false;
      return {
        kind,
        applies,
        article: k?.article ?? notice.rights?.[kind]?.article ?? '',
        whyNot: applies ? undefined : whyNotText(kind, { article: k?.article ?? '', applies: false, ...notice.rights?.[kind] }, lang),
      };
    });
    res
      .status(state.status ?? 200)
      .type('html')
      .send(this.views.render('pages/request-new.njk', page, { slug, notice, options, ...state, maxDetails: MAX_DETAILS }));
  }

  /** Without a notice: the municipality's notices, each a way into the form. */
  private async chooseNotice(res: Response, { page }: PortalLocals): Promise<void> {
    const notices = await this.api.publicAll('notice', '/v1/notices', (body) => (body as { notices: NoticeSummary[] }).notices);
    res.type('html').send(this.views.render('pages/request-new.njk', page, { notices }));
  }

  /** The notices' titles in the page's language (the request carries the Swedish one). */
  private async titles(slugs: string[], lang: Lang): Promise<Map<string, { text: string; lang: Lang }>> {
    const out = new Map<string, { text: string; lang: Lang }>();
    if (lang === 'sv') return out;
    await Promise.all(
      [...new Set(slugs)].map(async (slug) => {
        const n = await this.api.public<NoticeSummary>('notice', `/v1/notices/${slug}`).catch(() => undefined);
        if (n?.title.en) out.set(slug, { text: n.title.en, lang: 'en' });
      }),
    );
    return out;
  }
}

/** A service that holds data, in plain words (its id when the catalogue has no name for it). */
export function serviceName(service: string, lang: Lang): string {
  try {
    return translate(lang, `requests.service.${service}`);
  } catch {
    return service;
  }
}
