import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, translate } from '../../web/i18n.js';
import { NOTICE_APPROVER_ROLES, NOTICE_EDITOR_ROLES, NOTICE_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { actorText, holdsRole } from '../gallring/gallring-text.js';
import { officialPage } from '../signed-in.js';
import { type FieldErrors, fieldErrors, fieldId } from './notice-form.js';
import { BASE, bodyOf, checkSlug, field, MAX_REASON, MAX_SLUG, messagesLangOf, NoticePages, SLUG } from './notice-pages.js';
import { type ApprovalView, type NoticeSummary, statusOf } from './notice-text.js';

/** A result said at the top of the notice's page after a redirect (`?klart=…`). */
const DONE = new Set(['skickad', 'publicerad', 'godkand', 'avvisad', 'aterkallad']);

/**
 * The notices for those who write and approve them (Behandlingsinformation): the list with each notice's
 * status, and a notice's page (its versions, the draft and whether it awaits approval; submit, approve or
 * reject, withdraw). The draft's editors are notice-editor.controller.ts, the preview and the comparison
 * notice-preview.controller.ts. The notice service decides what each token may do
 * (four eyes: the submitter cannot approve); the pages offer only what the official's roles allow.
 */
@ApiExcludeController()
@Controller('tjanst/behandlingar')
export class NoticesPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly sessions: BrowserSessions,
    private readonly pages: NoticePages,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_ROLES, async (locals) => this.showList(req, res, locals));
  }

  /** Creates a draft from its id and Swedish title; the form editor follows. */
  @Post()
  @Public()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      const body = bodyOf(req);
      const id = field(body, 'id').trim().toLowerCase();
      const title = field(body, 'title').trim();
      const lang = locals.page.lang;
      const errors: { field: string; text: string }[] = [];
      if (id.length > MAX_SLUG || !SLUG.test(id)) errors.push({ field: 'new-id', text: translate(lang, 'notices.create.badId') });
      if (!title) errors.push({ field: 'new-title', text: translate(lang, 'notices.create.noTitle') });
      if (!errors.length) {
        try {
          await this.api.as(
            req,
            locals.session,
            'notice',
            'POST',
            '/v1/notices',
            { id, languages: ['sv'], title: { sv: title.slice(0, 500) } },
            { language: lang },
          );
          return res.redirect(303, `${BASE}/${id}/redigera`);
        } catch (err) {
          if (!(err instanceof BackendError && (err.status === 409 || err.status === 400))) throw err;
          errors.push(
            err.status === 409
              ? { field: 'new-id', text: translate(lang, 'notices.create.taken') }
              : {
                  field: 'new-id',
                  text: [...fieldErrors(err.problem).values()].flat().join(' ') || translate(lang, 'notices.create.badId'),
                },
          );
        }
      }
      return this.showList(req, res, locals, { errors, typed: { id, title }, status: 400 });
    });
  }

  @Get(':slug')
  @Public()
  notice(
    @Req() req: Request,
    @Res() res: Response,
    @Param('slug') slug: string,
    @Query('klart') done?: string,
    @Query('version') version?: string,
  ): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_ROLES, async (locals) => {
      checkSlug(slug);
      const message =
        typeof done === 'string' && DONE.has(done) ? { done, version: /^\d{1,6}$/.test(version ?? '') ? version : '' } : undefined;
      await this.showNotice(req, res, locals, slug, { message });
    });
  }

  /** The editor submits the draft for a second person's approval (the service's publish). */
  @Post(':slug/skicka')
  @Public()
  submit(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      try {
        const { json, status } = await this.api.as<{ version?: number; status?: string }>(
          req,
          locals.session,
          'notice',
          'POST',
          `/v1/notices/${slug}/publish`,
          undefined,
          { language: locals.page.lang },
        );
        // Before four eyes the service published at once (200 with the version); now it answers 202, awaiting approval.
        if (status === 200 && json.version) return res.redirect(303, `${BASE}/${slug}?klart=publicerad&version=${json.version}`);
        return res.redirect(303, `${BASE}/${slug}?klart=skickad`);
      } catch (err) {
        if (!(err instanceof BackendError && [400, 409, 422].includes(err.status))) throw err;
        return this.showNotice(req, res, locals, slug, {
          status: err.status,
          error:
            err.status === 422
              ? translate(locals.page.lang, 'notices.submit.incomplete')
              : (err.problem?.detail ?? err.problem?.title ?? ''),
          errors: fieldErrors(err.problem),
          messagesLang: messagesLangOf(err.language),
        });
      }
    });
  }

  @Post(':slug/godkann')
  @Public()
  approve(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_APPROVER_ROLES, async (locals) => {
      checkSlug(slug);
      const revision = Number(field(bodyOf(req), 'draftRevision'));
      if (!Number.isInteger(revision) || revision < 1)
        throw Problems.validation([{ field: '_revision', messages: ['the form names no draft revision'] }]);
      try {
        const { json } = await this.api.as<{ version: number }>(
          req,
          locals.session,
          'notice',
          'POST',
          `/v1/notices/${slug}/approve`,
          { draftRevision: revision },
          { language: locals.page.lang },
        );
        return res.redirect(303, `${BASE}/${slug}?klart=godkand&version=${json.version}`);
      } catch (err) {
        if (!(err instanceof BackendError && [403, 409, 422].includes(err.status))) throw err;
        const lang = locals.page.lang;
        return this.showNotice(req, res, locals, slug, {
          status: err.status === 403 ? 403 : 409,
          error:
            err.status === 403
              ? translate(lang, 'notices.approve.own')
              : err.status === 409
                ? translate(lang, 'notices.approve.stale')
                : (err.problem?.detail ?? ''),
          errors: fieldErrors(err.problem),
          messagesLang: messagesLangOf(err.language),
        });
      }
    });
  }

  @Post(':slug/avvisa')
  @Public()
  reject(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_APPROVER_ROLES, async (locals) => {
      checkSlug(slug);
      const reason = field(bodyOf(req), 'reason').trim();
      const lang = locals.page.lang;
      if (!reason || reason.length > MAX_REASON)
        return this.showNotice(req, res, locals, slug, { status: 400, rejectError: translate(lang, 'notices.reject.noReason'), reason });
      try {
        await this.api.as(req, locals.session, 'notice', 'POST', `/v1/notices/${slug}/reject`, { reason });
        return res.redirect(303, `${BASE}/${slug}?klart=avvisad`);
      } catch (err) {
        if (!(err instanceof BackendError && (err.status === 403 || err.status === 409))) throw err;
        const error = translate(lang, err.status === 403 ? 'notices.approve.own' : 'notices.approve.stale');
        return this.showNotice(req, res, locals, slug, { status: err.status, error });
      }
    });
  }

  @Post(':slug/aterkalla')
  @Public()
  withdraw(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const reason = field(bodyOf(req), 'reason').trim();
      if (!reason || reason.length > MAX_REASON)
        return this.showNotice(req, res, locals, slug, {
          status: 400,
          withdrawError: translate(locals.page.lang, 'notices.withdraw.noReason'),
          reason,
        });
      try {
        await this.api.as(req, locals.session, 'notice', 'POST', `/v1/notices/${slug}/withdraw`, { reason });
        return res.redirect(303, `${BASE}/${slug}?klart=aterkallad`);
      } catch (err) {
        if (!(err instanceof BackendError && (err.status === 409 || err.status === 400))) throw err;
        return this.showNotice(req, res, locals, slug, { status: err.status, error: err.problem?.detail ?? err.problem?.title ?? '' });
      }
    });
  }

  private async showList(
    req: Request,
    res: Response,
    locals: PortalLocals,
    form: { errors?: { field: string; text: string }[]; typed?: { id: string; title: string }; status?: number } = {},
  ): Promise<void> {
    const { session, page } = locals;
    // Published and withdrawn notices: the list of changes since the beginning names both.
    const all = await this.api.publicAll<NoticeSummary>(
      'notice',
      '/v1/notices?since=1970-01-01T00:00:00.000Z',
      (body) => (body as { notices: NoticeSummary[] }).notices,
    );
    const latest = new Map<string, NoticeSummary>();
    for (const n of all) latest.set(n.id, n);
    // Every notice the service holds, drafts never published and those awaiting approval among them.
    const { json: overview } = await this.api.as<NoticeOverview[]>(req, session, 'notice', 'GET', '/v1/notice-overview');
    const held = new Map(overview.map((o) => [o.slug, o]));
    const slugs = [...new Set([...held.keys(), ...latest.keys()])].sort((a, b) => a.localeCompare(b));
    const notices = slugs.map((id) => {
      const summary = latest.get(id);
      const own = held.get(id);
      return {
        id,
        title: own?.title ?? summary?.title ?? { sv: id },
        changedAt: own?.updatedAt ?? summary?.changedAt,
        state: statusOf(summary ?? { id }, own, page.lang),
      };
    });
    this.pages.render(
      res,
      locals,
      'pages/official-notices.njk',
      {
        notices,
        mayCreate: holdsRole(session.user?.roles, NOTICE_EDITOR_ROLES),
        ...form,
        errors: form.errors ?? [],
        fieldError: Object.fromEntries((form.errors ?? []).map((e) => [e.field, e.text])),
      },
      form.status,
    );
  }

  private async showNotice(
    req: Request,
    res: Response,
    locals: PortalLocals,
    slug: string,
    form: {
      status?: number;
      message?: { done: string; version?: string | undefined };
      error?: string;
      errors?: FieldErrors;
      /** The language the service's messages (`errors`) are in. */
      messagesLang?: Lang;
      rejectError?: string;
      withdrawError?: string;
      reason?: string;
    } = {},
  ): Promise<void> {
    const { session, page } = locals;
    const [approval, versions, draft, me, summary] = await Promise.all([
      this.pages.approval(req, locals, slug),
      this.pages.versions(slug),
      this.pages.draft(req, locals, slug).catch((err: unknown) => {
        if (err instanceof BackendError && (err.status === 404 || err.status === 403)) return undefined;
        throw err;
      }),
      this.pages.me(req, locals),
      this.pages.summary(slug),
    ]);
    if (!draft && !versions.length) throw Problems.notFound('The notice');
    const roles = session.user?.roles;
    const pending = approval?.approval === 'awaiting-approval' ? approval.pending : null;
    const mine = !!pending && !!me && pending.requestedBy === me;
    const title = (draft?.notice.title as { sv?: string; en?: string } | undefined) ?? summary?.title ?? { sv: slug };
    this.pages.render(
      res,
      locals,
      'pages/official-notice.njk',
      {
        slug,
        title,
        state: statusOf(summary ?? { id: slug }, approval, page.lang),
        versions: versions.map((v) => ({
          ...v,
          publishedByText: v.publishedBy ? actorText(v.publishedBy, page.lang) : '',
          approvedByText: v.approvedBy ? actorText(v.approvedBy, page.lang) : '',
        })),
        withdrawn: summary?.status === 'withdrawn',
        draftRevision: draft?.revision ?? approval?.draftRevision,
        hasDraft: !!draft || !!approval,
        pending,
        pendingBy: pending ? actorText(pending.requestedBy, page.lang) : '',
        mine,
        history: (approval?.history ?? []).map((h) => ({ ...h, byText: actorText(h.by, page.lang) })),
        mayEdit: holdsRole(roles, NOTICE_EDITOR_ROLES),
        mayApprove: holdsRole(roles, NOTICE_APPROVER_ROLES) && !!pending && !mine,
        errorList: [...(form.errors ?? new Map<string, string[]>()).entries()].flatMap(([f, ms]) =>
          ms.map((text) => ({ field: f, text, href: `${BASE}/${slug}/redigera#${f ? fieldId(f) : 'notice-form'}` })),
        ),
        tab: 'overview',
        ...form,
      },
      form.status,
    );
  }
}

/** A notice as the service lists it for its editors and approvers (`GET /v1/notice-overview`). */
type NoticeOverview = ApprovalView & { title: { sv: string; en?: string }; updatedAt: string };
