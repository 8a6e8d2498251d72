import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { NOTICE_EDITOR_ROLES } from '../../web/official-areas.js';
import type { Lang } from '../../web/i18n.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { officialPage } from '../signed-in.js';
import {
  actionOf,
  applyAction,
  type FieldErrors,
  fieldErrors,
  forSaving,
  parseNoticeForm,
  renderNoticeForm,
  type SchemaNode,
} from './notice-form.js';
import { type Body, bodyOf, checkSlug, field, messagesLangOf, NoticePages, revisionOf, type Violations } from './notice-pages.js';
import { type ApprovalView, yamlErrors } from './notice-text.js';

/**
 * A notice's draft for its editors: the form editor (every field of the notice JSON Schema, rows added and
 * removed without script, the service's messages beside their fields) and the YAML view. Both save with
 * `If-Match` on the revision the editor read; a 412 says someone else changed it.
 */
@ApiExcludeController()
@Controller('tjanst/behandlingar')
export class NoticeEditorPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly sessions: BrowserSessions,
    private readonly pages: NoticePages,
  ) {}

  @Get(':slug/redigera')
  @Public()
  edit(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const [draft, schema, approval] = await Promise.all([
        this.pages.draft(req, locals, slug),
        this.pages.noticeSchema(),
        this.pages.approval(req, locals, slug),
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
      const schema = await this.pages.noticeSchema();
      const revision = formRevision(body);
      const typed = parseNoticeForm(body, schema);
      const action = actionOf(body, schema);
      if (action.kind !== 'save') {
        // A row added or removed: the form again, as typed, not yet saved.
        return this.showEditor(res, locals, slug, schema, applyAction(typed, action), revision, { rowsChanged: true, focus: action });
      }
      const draft = { ...((forSaving(typed, schema) as Body | undefined) ?? {}), id: slug };
      try {
        const { json, saved, messagesLang } = await this.putDraft(req, locals, slug, revision, { json: draft });
        return this.showEditor(res, locals, slug, schema, draft, saved, {
          saved,
          missing: fieldErrors({ errors: json.missing ?? [] }),
          warnings: fieldErrors({ errors: json.warnings ?? [] }),
          messagesLang,
        });
      } catch (err) {
        if (err instanceof BackendError && err.status === 412)
          return this.showEditor(res, locals, slug, schema, typed, revision, { conflict: true, status: 409 });
        if (err instanceof BackendError && (err.status === 400 || err.status === 422))
          return this.showEditor(res, locals, slug, schema, typed, revision, {
            errors: fieldErrors(err.problem),
            status: 400,
            detail: err.problem?.detail,
            messagesLang: messagesLangOf(err.language),
          });
        throw err;
      }
    });
  }

  @Get(':slug/yaml')
  @Public()
  yaml(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string): Promise<void> {
    return officialPage(req, res, this.sessions, NOTICE_EDITOR_ROLES, async (locals) => {
      checkSlug(slug);
      const read = await this.api.as(req, locals.session, 'notice', 'GET', `/v1/notices/${slug}/draft`, undefined, {
        accept: 'application/yaml',
      });
      const revision = revisionOf(read.headers.get('etag')) ?? 0;
      const title = await this.pages.titleOf(req, locals, slug);
      this.pages.render(res, locals, 'pages/official-notice-yaml.njk', {
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
      const revision = formRevision(body);
      const title = await this.pages.titleOf(req, locals, slug);
      const values = { slug, title, yaml, revision, tab: 'yaml' };
      try {
        const { json, saved, messagesLang } = await this.putDraft(req, locals, slug, revision, { yaml });
        const missing = yamlErrors([...fieldErrors({ errors: json.missing ?? [] })], locals.page.lang);
        return this.pages.render(res, locals, 'pages/official-notice-yaml.njk', {
          ...values,
          revision: saved,
          saved,
          missing,
          messagesLang,
        });
      } catch (err) {
        if (err instanceof BackendError && err.status === 412)
          return this.pages.render(res, locals, 'pages/official-notice-yaml.njk', { ...values, conflict: true }, 409);
        if (err instanceof BackendError && [400, 415, 422].includes(err.status)) {
          const errors = yamlErrors([...fieldErrors(err.problem)], locals.page.lang);
          return this.pages.render(
            res,
            locals,
            'pages/official-notice-yaml.njk',
            { ...values, errors, detail: err.problem?.detail, messagesLang: messagesLangOf(err.language) },
            400,
          );
        }
        throw err;
      }
    });
  }

  /**
   * Saves the draft as JSON (the form) or as YAML text, on the revision the editor read (`If-Match`), asking
   * for the service's messages in the page's language; the new revision, and the language the messages came in.
   */
  private async putDraft(req: Request, locals: PortalLocals, slug: string, revision: number, content: { json: Body } | { yaml: string }) {
    const { json, headers } = await this.api.as<{ draftRevision: number; missing?: Violations; warnings?: Violations }>(
      req,
      locals.session,
      'notice',
      'PUT',
      `/v1/notices/${slug}/draft`,
      'json' in content ? content.json : undefined,
      {
        headers: { 'if-match': `"${revision}"` },
        language: locals.page.lang,
        ...('yaml' in content ? { text: { body: content.yaml, type: 'application/yaml' } } : {}),
      },
    );
    return {
      json,
      saved: revisionOf(headers.get('etag')) ?? json.draftRevision,
      messagesLang: messagesLangOf(headers.get('content-language')),
    };
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
      /** The language the service's messages are in (its Content-Language). */
      messagesLang?: Lang;
    } = {},
  ): void {
    const lang = locals.page.lang;
    const messagesLang = state.messagesLang ?? 'en';
    const form = renderNoticeForm(schema, notice, lang, state.errors ?? new Map<string, string[]>(), messagesLang);
    const list = (m: FieldErrors | undefined) =>
      [...(m ?? new Map<string, string[]>()).entries()].flatMap(([f, ms]) => ms.map((text) => ({ field: f, text, href: form.hrefOf(f) })));
    this.pages.render(
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
        messagesLang,
        tab: 'edit',
      },
      state.status,
    );
  }
}

/** The draft revision the form was read at (its hidden `_revision`); a 400 when the form names none. */
function formRevision(body: Body): number {
  const revision = Number(field(body, '_revision'));
  if (!Number.isInteger(revision) || revision < 0)
    throw Problems.validation([{ field: '_revision', messages: ['the form names no draft revision'] }]);
  return revision;
}
