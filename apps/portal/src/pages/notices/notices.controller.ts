import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, translate } from '../../web/i18n.js';
import { NOTICE_APPROVER_ROLES, NOTICE_EDITOR_ROLES, NOTICE_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { actorText, holdsRole } from '../gallring/gallring-text.js';
import { officialPage } from '../signed-in.js';
import { citizenNoticeHtml } from '../start/start.controller.js';
import {
  actionOf,
  applyAction,
  type FieldErrors,
  fieldErrors,
  fieldId,
  forSaving,
  parseNoticeForm,
  renderNoticeForm,
  type SchemaNode,
} from './notice-form.js';
import { changeLines, type NoticeChange, statusOf, type ApprovalView, type NoticeSummary, yamlErrors, hsaActor } from './notice-text.js';

/** A notice's slug, as the notice service makes them. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_SLUG = 100;
const MAX_REASON = 2000;
const SCHEMA_TTL_MS = 5 * 60_000;
const BASE = '/tjanst/behandlingar';

type Body = Record<string, unknown>;
const bodyOf = (req: Request): Body => (typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {});
const field = (body: Body, name: string): string => (typeof body[name] === 'string' ? body[name] : '');
/** The draft revision of an ETag (`"3"`, or weak `W/"3"`). */
export const revisionOf = (etag: string | null): number | undefined => {
  const m = /^(?:W\/)?"?(\d{1,10})"?$/.exec(etag?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
};

function checkSlug(slug: string): void {
  if (slug.length > MAX_SLUG || !SLUG.test(slug)) throw Problems.notFound('The notice');
}

/** A result said at the top of the notice's page after a redirect (`?klart=…`). */
const DONE = new Set(['skickad', 'publicerad', 'godkand', 'avvisad', 'aterkallad']);

/**
 * The notices for those who write and approve them (Behandlingsinformation): the list with each notice's
 * status, a notice's page (its versions, the draft and whether it awaits approval; submit, approve or
 * reject, withdraw), the form editor and the YAML view of the draft, the preview as residents see it,
 * and the comparison of two versions in words. The notice service decides what each token may do
 * (four eyes: the submitter cannot approve); the pages offer only what the official's roles allow.
 */
@ApiExcludeController()
@Controller('tjanst/behandlingar')
export class NoticesPageController {
  private schema?: { node: SchemaNode; at: number };

  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
    private readonly clock: Clock,
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
          await this.api.as(req, locals.session, 'notice', 'POST', '/v1/notices', {
            id,
            languages: ['sv'],
            title: { sv: title.slice(0, 500) },
          });
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
        const { json } = await this.api.as<{ version: number }>(req, locals.session, 'notice', 'POST', `/v1/notices/${slug}/approve`, {
          draftRevision: revision,
        });
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

  // ------------------------------------------------------------------------------------------
  // The form editor
  // ------------------------------------------------------------------------------------------

  @Get(':slug/redigera')
  @Public()
  edit(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const [draft, schema, approval] = await Promise.all([
        this.draft(req, locals, slug),
        this.noticeSchema(),
        this.approval(req, locals, slug),
      ]);
      this.showEditor(res, locals, slug, schema, draft.notice, draft.revision, { approval });
    });
  }

  @Post(':slug/redigera')
  @Public()
  save(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const body = bodyOf(req);
      const schema = await this.noticeSchema();
      const revision = Number(field(body, '_revision'));
      if (!Number.isInteger(revision) || revision < 0)
        throw Problems.validation([{ field: '_revision', messages: ['the form names no draft revision'] }]);
      const typed = parseNoticeForm(body, schema);
      const action = actionOf(body, schema);
      if (action.kind !== 'save') {
        // A row added or removed: the form again, as typed, not yet saved.
        return this.showEditor(res, locals, slug, schema, applyAction(typed, action), revision, { rowsChanged: true, focus: action });
      }
      const draft = { ...((forSaving(typed, schema) as Body | undefined) ?? {}), id: slug };
      try {
        const { json, headers } = await this.api.as<{ draftRevision: number; missing?: Violations; warnings?: Violations }>(
          req,
          locals.session,
          'notice',
          'PUT',
          `/v1/notices/${slug}/draft`,
          draft,
          { headers: { 'if-match': `"${revision}"` } },
        );
        const saved = revisionOf(headers.get('etag')) ?? json.draftRevision;
        return this.showEditor(res, locals, slug, schema, draft, saved, {
          saved,
          missing: fieldErrors({ errors: json.missing ?? [] }),
          warnings: fieldErrors({ errors: json.warnings ?? [] }),
        });
      } catch (err) {
        if (err instanceof BackendError && err.status === 412)
          return this.showEditor(res, locals, slug, schema, typed, revision, { conflict: true, status: 409 });
        if (err instanceof BackendError && (err.status === 400 || err.status === 422))
          return this.showEditor(res, locals, slug, schema, typed, revision, {
            errors: fieldErrors(err.problem),
            status: 400,
            detail: err.problem?.detail,
          });
        throw err;
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // The YAML view
  // ------------------------------------------------------------------------------------------

  @Get(':slug/yaml')
  @Public()
  yaml(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const read = await this.api.as(req, locals.session, 'notice', 'GET', `/v1/notices/${slug}/draft`, undefined, {
        accept: 'application/yaml',
      });
      const revision = revisionOf(read.headers.get('etag')) ?? 0;
      const title = await this.titleOf(req, locals, slug);
      this.render(res, locals, 'pages/official-notice-yaml.njk', {
        slug,
        title,
        yaml: read.raw?.toString('utf8') ?? '',
        revision,
        tab: 'yaml',
      });
    });
  }

  @Post(':slug/yaml')
  @Public()
  saveYaml(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const body = bodyOf(req);
      const yaml = field(body, 'yaml');
      const revision = Number(field(body, '_revision'));
      if (!Number.isInteger(revision) || revision < 0)
        throw Problems.validation([{ field: '_revision', messages: ['the form names no draft revision'] }]);
      const title = await this.titleOf(req, locals, slug);
      const values = { slug, title, yaml, revision, tab: 'yaml' };
      try {
        const { json, headers } = await this.api.as<{ draftRevision: number; missing?: Violations; warnings?: Violations }>(
          req,
          locals.session,
          'notice',
          'PUT',
          `/v1/notices/${slug}/draft`,
          undefined,
          { headers: { 'if-match': `"${revision}"` }, text: { body: yaml, type: 'application/yaml' } },
        );
        const saved = revisionOf(headers.get('etag')) ?? json.draftRevision;
        const missing = yamlErrors([...fieldErrors({ errors: json.missing ?? [] })], locals.page.lang);
        return this.render(res, locals, 'pages/official-notice-yaml.njk', { ...values, revision: saved, saved, missing });
      } catch (err) {
        if (err instanceof BackendError && err.status === 412)
          return this.render(res, locals, 'pages/official-notice-yaml.njk', { ...values, conflict: true }, 409);
        if (err instanceof BackendError && [400, 415, 422].includes(err.status)) {
          const errors = yamlErrors([...fieldErrors(err.problem)], locals.page.lang);
          return this.render(res, locals, 'pages/official-notice-yaml.njk', { ...values, errors, detail: err.problem?.detail }, 400);
        }
        throw err;
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // Preview and comparison
  // ------------------------------------------------------------------------------------------

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
      const [title, approval] = await Promise.all([this.titleOf(req, locals, slug), this.approval(req, locals, slug)]);
      // The draft, as residents will see it once published (the notice service renders it as it renders a version), or the published version.
      const showDraft = which === 'utkast' || (which !== 'publicerad' && !!approval);
      let shown: { content: string; contentLang: string } | undefined;
      let incomplete: { field: string; text: string; href: string }[] | undefined;
      try {
        if (showDraft) {
          const { raw } = await this.api.as(
            req,
            locals.session,
            'notice',
            'GET',
            `/v1/notices/${slug}/draft/preview?lang=${contentLang}`,
            undefined,
            {
              accept: 'text/html',
            },
          );
          const html = raw?.toString('utf8') ?? '';
          shown = {
            content: /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '',
            contentLang: /<html lang="(sv|en)"/.exec(html)?.[1] ?? contentLang,
          };
        } else shown = await citizenNoticeHtml(this.api, slug, contentLang);
      } catch (err) {
        if (err instanceof BackendError && err.status === 422)
          incomplete = [...fieldErrors(err.problem).entries()].flatMap(([f, ms]) =>
            ms.map((text) => ({ field: f, text, href: `${BASE}/${slug}/redigera#${f ? fieldId(f) : 'notice-form'}` })),
          );
        else if (!(err instanceof BackendError && (err.status === 404 || err.status === 410))) throw err;
      }
      // Inside this page, under its own heading: the notice's headings one level down (its h1 an h2, and so on).
      if (shown)
        shown = {
          ...shown,
          content: shown.content.replace(/<(\/?)h([1-5])\b/g, (_m, close: string, n: string) => `<${close}h${Number(n) + 1}`),
        };
      this.render(res, locals, 'pages/official-notice-preview.njk', {
        slug,
        title,
        contentLang,
        shown,
        incomplete,
        showDraft,
        hasDraft: !!approval,
        tab: 'preview',
        showEdit: this.editor(locals),
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
      const [versions, title] = await Promise.all([this.versions(slug), this.titleOf(req, locals, slug)]);
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
      this.render(res, locals, 'pages/official-notice-compare.njk', {
        slug,
        title,
        versions,
        from: a,
        to: b,
        changes,
        tab: 'compare',
        showEdit: this.editor(locals),
      });
    });
  }

  // ------------------------------------------------------------------------------------------

  private editor({ session }: PortalLocals): boolean {
    return holdsRole(session.user?.roles, NOTICE_EDITOR_ROLES);
  }

  private render(res: Response, { page }: PortalLocals, template: string, values: Record<string, unknown>, status = 200): void {
    res
      .status(status)
      .type('html')
      .send(this.views.render(template, page, values));
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
    this.render(
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
      rejectError?: string;
      withdrawError?: string;
      reason?: string;
    } = {},
  ): Promise<void> {
    const { session, page } = locals;
    const [approval, versions, draft, me, summary] = await Promise.all([
      this.approval(req, locals, slug),
      this.versions(slug),
      this.draft(req, locals, slug).catch((err: unknown) => {
        if (err instanceof BackendError && (err.status === 404 || err.status === 403)) return undefined;
        throw err;
      }),
      this.me(req, locals),
      this.summary(slug),
    ]);
    if (!draft && !versions.length) throw Problems.notFound('The notice');
    const roles = session.user?.roles;
    const pending = approval?.approval === 'awaiting-approval' ? approval.pending : null;
    const mine = !!pending && !!me && pending.requestedBy === me;
    const title = (draft?.notice.title as { sv?: string; en?: string } | undefined) ?? summary?.title ?? { sv: slug };
    this.render(
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

  private showEditor(
    res: Response,
    locals: PortalLocals,
    slug: string,
    schema: SchemaNode,
    notice: Body,
    revision: number,
    state: {
      errors?: FieldErrors;
      missing?: FieldErrors;
      warnings?: FieldErrors;
      saved?: number;
      conflict?: boolean;
      rowsChanged?: boolean;
      status?: number;
      detail?: string | undefined;
      approval?: ApprovalView | undefined;
      focus?: unknown;
    } = {},
  ): void {
    const lang = locals.page.lang;
    const form = renderNoticeForm(schema, notice, lang, state.errors ?? new Map<string, string[]>());
    const list = (m: FieldErrors | undefined) =>
      [...(m ?? new Map<string, string[]>()).entries()].flatMap(([f, ms]) => ms.map((text) => ({ field: f, text, href: form.hrefOf(f) })));
    this.render(
      res,
      locals,
      'pages/official-notice-edit.njk',
      {
        slug,
        title: notice.title ?? { sv: slug },
        sections: form.sections,
        summary: form.summary,
        revision,
        saved: state.saved,
        conflict: state.conflict,
        rowsChanged: state.rowsChanged,
        missing: list(state.missing),
        warnings: list(state.warnings),
        pending: state.approval?.approval === 'awaiting-approval',
        detail: state.detail,
        tab: 'edit',
      },
      state.status,
    );
  }

  /** The draft as JSON with its revision (the ETag), as the service holds it. */
  private async draft(req: Request, { session }: PortalLocals, slug: string): Promise<{ notice: Body; revision: number }> {
    const { json, headers } = await this.api.as<Body>(req, session, 'notice', 'GET', `/v1/notices/${slug}/draft`);
    return { notice: json, revision: revisionOf(headers.get('etag')) ?? 0 };
  }

  /** Whether the draft awaits approval, and by whom; undefined where the service has none (a notice without a draft). */
  private async approval(req: Request, { session }: PortalLocals, slug: string): Promise<ApprovalView | undefined> {
    try {
      return (await this.api.as<ApprovalView>(req, session, 'notice', 'GET', `/v1/notices/${slug}/approval`)).json;
    } catch (err) {
      if (err instanceof BackendError && (err.status === 404 || err.status === 403 || err.status === 405)) return undefined;
      throw err;
    }
  }

  private async versions(slug: string): Promise<{ version: number; publishedAt: string; publishedBy?: string; approvedBy?: string }[]> {
    try {
      const read = await this.api.public<{
        versions: { version: number; publishedAt: string; publishedBy?: string; approvedBy?: string }[];
      }>('notice', `/v1/notices/${slug}/versions`);
      return [...read.versions].sort((a, b) => a.version - b.version);
    } catch (err) {
      if (err instanceof BackendError && err.status === 404) return [];
      throw err;
    }
  }

  /** The notice as the list of changes names it (published or withdrawn), if it has been published. */
  private async summary(slug: string): Promise<NoticeSummary | undefined> {
    const all = await this.api.publicAll<NoticeSummary>(
      'notice',
      '/v1/notices?since=1970-01-01T00:00:00.000Z',
      (body) => (body as { notices: NoticeSummary[] }).notices,
    );
    return all.filter((n) => n.id === slug).pop();
  }

  private async titleOf(req: Request, locals: PortalLocals, slug: string): Promise<{ sv?: string; en?: string }> {
    try {
      const { notice } = await this.draft(req, locals, slug);
      if (notice.title && typeof notice.title === 'object') return notice.title;
    } catch (err) {
      if (!(err instanceof BackendError && (err.status === 404 || err.status === 403))) throw err;
    }
    return (await this.summary(slug))?.title ?? { sv: slug };
  }

  /** The signed-in official as the notice service names a requester (`official:<HSA-id>`), from her access token. */
  private async me(req: Request, { session }: PortalLocals): Promise<string | undefined> {
    return hsaActor(await this.api.accessToken(req, session));
  }

  /** The notice's JSON Schema from the notice service, kept a few minutes. */
  private async noticeSchema(): Promise<SchemaNode> {
    const now = this.clock.now().getTime();
    if (this.schema && now - this.schema.at < SCHEMA_TTL_MS) return this.schema.node;
    const node = await this.api.public<SchemaNode>('notice', '/v1/schemas/notice.json');
    this.schema = { node, at: now };
    return node;
  }
}

type Violations = { field: string; messages: string[] }[];

/** A notice as the service lists it for its editors and approvers (`GET /v1/notice-overview`). */
type NoticeOverview = ApprovalView & { title: { sv: string; en?: string }; updatedAt: string };
