import { Injectable, type NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ProblemException } from '@insyn/observability';
import type { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { PortalEnv } from '../config/portal-env.js';
import { BrowserSessions, type BrowserSession } from '../session/browser-sessions.js';
import { type Lang, LANGS } from './i18n.js';
import { officialAreas } from './official-areas.js';
import type { PageContext } from './views.js';

/** The portal's per-request state, on `res.locals`. */
export interface PortalLocals {
  session: BrowserSession;
  page: PageContext;
}

export const localsOf = (res: Response): PortalLocals => res.locals as PortalLocals;

const sameToken = (a: unknown, b: string) =>
  typeof a === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A form's CSRF token (hidden field `_csrf`) must be the session's. */
export function csrfValid(req: Request, session: BrowserSession): boolean {
  return sameToken((req.body as Record<string, unknown> | undefined)?._csrf, session.csrf);
}

/**
 * The only routes that take multipart forms: they parse the form themselves and check its CSRF token after
 * parsing (a reply or a new message with an attachment, a consent receipt to check). Multipart anywhere else is refused, so a
 * handler that reads a plain form is never reached without the token having been checked.
 */
const MULTIPART_ROUTES = [/^\/meddelanden\/[^/]+\/svar$/, /^\/meddelanden\/nytt$/, /^\/kvitto\/kontrollera$/];

/**
 * A post from another site: the browser says so in Sec-Fetch-Site, or (a browser without it) its Origin is
 * not the portal's. Under the portal's Referrer-Policy no-referrer a browser sends `Origin: null` even for
 * its own forms, so that, like a request with neither header (not a browser), is left to the CSRF token.
 */
export function crossOrigin(req: Request, portalOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== 'null' && origin !== portalOrigin;
}

export const csrfProblem = () => new ProblemException(403, 'csrf', 'Forbidden', 'The form did not come from this page or is too old.');

/**
 * Every page request: the browser session (made when missing), the language (`?lang=en` switches and
 * is remembered, then redirects to the same page without it), and the checks on every form post: from
 * the portal's own origin, with the session's CSRF token (multipart forms, taken only on MULTIPART_ROUTES,
 * check it after parsing, in their handler).
 */
@Injectable()
export class PageMiddleware implements NestMiddleware {
  private readonly origin: string;

  constructor(
    private readonly sessions: BrowserSessions,
    config: ConfigService<PortalEnv, true>,
  ) {
    this.origin = new URL(config.get('PORTAL_URL', { infer: true })).origin;
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const session = await this.sessions.ensure(req, res);
      const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
      if (asked && (LANGS as string[]).includes(asked) && req.method === 'GET') {
        await this.sessions.setLang(session, asked as Lang);
        const url = new URL(req.originalUrl, 'http://portal');
        url.searchParams.delete('lang');
        res.redirect(303, url.pathname + url.search);
        return;
      }
      const lang: Lang = session.lang ?? (req.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv');
      const page: PageContext = {
        lang,
        // The whole path: a middleware mounted for every route sees req.path relative to its mount ('/').
        path: new URL(req.originalUrl, 'http://portal').pathname,
        csrf: session.csrf,
        ...(session.user
          ? {
              user: {
                kind: session.user.kind,
                ...(session.user.name ? { name: session.user.name } : {}),
                ...(session.user.kind === 'official' ? { areas: officialAreas(session.user.roles ?? []) } : {}),
              },
            }
          : {}),
        idleMinutes: this.sessions.idleMinutes,
      };
      Object.assign(res.locals, { session, page } satisfies PortalLocals);
      res.setHeader('Cache-Control', 'no-store');
      if (req.method === 'POST') {
        if (crossOrigin(req, this.origin)) throw csrfProblem();
        const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
        if (multipart ? !MULTIPART_ROUTES.some((r) => r.test(page.path)) : !csrfValid(req, session)) throw csrfProblem();
      }
      next();
    } catch (err) {
      next(err);
    }
  }
}
