import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { NOTICE_EDITOR_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import type { Lang } from '../../web/i18n.js';
import { Views } from '../../web/views.js';
import { holdsRole } from '../gallring/gallring-text.js';
import type { SchemaNode } from './notice-form.js';
import { type ApprovalView, hsaActor, type NoticeSummary } from './notice-text.js';

// What the notice pages (notices.controller.ts, notice-editor.controller.ts, notice-preview.controller.ts)
// share: the paths, reading a posted form, and the notice service as the pages read it.

/** A notice's slug, as the notice service makes them. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_SLUG = 100;
export const MAX_REASON = 2000;
const SCHEMA_TTL_MS = 5 * 60_000;
export const BASE = '/tjanst/behandlingar';

export type Body = Record<string, unknown>;
export const bodyOf = (req: Request): Body => (typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {});
export const field = (body: Body, name: string): string => (typeof body[name] === 'string' ? body[name] : '');
/** The draft revision of an ETag (`"3"`, or weak `W/"3"`). */
export const revisionOf = (etag: string | null): number | undefined => {
  const m = /^(?:W\/)?"?(\d{1,10})"?$/.exec(etag?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
};

export function checkSlug(slug: string): void {
  if (slug.length > MAX_SLUG || !SLUG.test(slug)) throw Problems.notFound('The notice');
}

/**
 * The language of the notice service's messages, as its Content-Language says (it answers in the language
 * the portal asks for, the page's); English where it says none (its messages were English only).
 */
export function messagesLangOf(contentLanguage: string | null | undefined): Lang {
  return contentLanguage?.trim().toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

/** Problems the notice service names by field (`missing`, `warnings` of a saved draft). */
export type Violations = { field: string; messages: string[] }[];

/** Whether the signed-in official may edit notices (the pages show the edit tabs only to her). */
export function mayEdit({ session }: PortalLocals): boolean {
  return holdsRole(session.user?.roles, NOTICE_EDITOR_ROLES);
}

/** The notice service as the notice pages read it, for the signed-in official (or publicly, where it is public). */
@Injectable()
export class NoticePages {
  private schema?: { node: SchemaNode; at: number };

  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly clock: Clock,
  ) {}

  render(res: Response, { page }: PortalLocals, template: string, values: Record<string, unknown>, status = 200): void {
    res
      .status(status)
      .type('html')
      .send(this.views.render(template, page, values));
  }

  /** The draft as JSON with its revision (the ETag), as the service holds it. */
  async draft(req: Request, { session }: PortalLocals, slug: string): Promise<{ notice: Body; revision: number }> {
    const { json, headers } = await this.api.as<Body>(req, session, 'notice', 'GET', `/v1/notices/${slug}/draft`);
    return { notice: json, revision: revisionOf(headers.get('etag')) ?? 0 };
  }

  /** Whether the draft awaits approval, and by whom; undefined where the service has none (a notice without a draft). */
  async approval(req: Request, { session }: PortalLocals, slug: string): Promise<ApprovalView | undefined> {
    try {
      return (await this.api.as<ApprovalView>(req, session, 'notice', 'GET', `/v1/notices/${slug}/approval`)).json;
    } catch (err) {
      if (err instanceof BackendError && (err.status === 404 || err.status === 403 || err.status === 405)) return undefined;
      throw err;
    }
  }

  async versions(slug: string): Promise<{ version: number; publishedAt: string; publishedBy?: string; approvedBy?: string }[]> {
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
  async summary(slug: string): Promise<NoticeSummary | undefined> {
    const all = await this.api.publicAll<NoticeSummary>(
      'notice',
      '/v1/notices?since=1970-01-01T00:00:00.000Z',
      (body) => (body as { notices: NoticeSummary[] }).notices,
    );
    return all.filter((n) => n.id === slug).pop();
  }

  async titleOf(req: Request, locals: PortalLocals, slug: string): Promise<{ sv?: string; en?: string }> {
    try {
      const { notice } = await this.draft(req, locals, slug);
      if (notice.title && typeof notice.title === 'object') return notice.title;
    } catch (err) {
      if (!(err instanceof BackendError && (err.status === 404 || err.status === 403))) throw err;
    }
    return (await this.summary(slug))?.title ?? { sv: slug };
  }

  /** The signed-in official as the notice service names a requester (`official:<HSA-id>`), from her access token. */
  async me(req: Request, { session }: PortalLocals): Promise<string | undefined> {
    return hsaActor(await this.api.accessToken(req, session));
  }

  /** The notice's JSON Schema from the notice service, kept a few minutes. */
  async noticeSchema(): Promise<SchemaNode> {
    const now = this.clock.now().getTime();
    if (this.schema && now - this.schema.at < SCHEMA_TTL_MS) return this.schema.node;
    const node = await this.api.public<SchemaNode>('notice', '/v1/schemas/notice.json');
    this.schema = { node, at: now };
    return node;
  }
}
