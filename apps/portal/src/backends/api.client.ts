import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@insyn/platform';
import type { Request } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PortalEnv } from '../config/portal-env.js';
import type { BrowserSession } from '../session/browser-sessions.js';
import { BrowserSessions } from '../session/browser-sessions.js';
import { BackendError, SignedOutError, unavailable, unavailableStatus } from './backend-error.js';
import { type BrowserContext, IdentityClient } from './identity.client.js';

/** The services the portal calls; `identity` for what the signed-in person asks of it with her token (person assertions). */
export type Service = 'notice' | 'messages' | 'rights' | 'retention' | 'identity';

/** At most this many pages of a list the portal reads whole (200 items a page): a bound, should a list not end. */
const MAX_PAGES = 25;

/** The path of the next page a paged list names in `Link: </v1/…?cursor=…>; rel="next"` (ADR 0018), if any. */
export function nextPage(headers: Headers): string | undefined {
  return /^<(\/v1\/[^>]*)>; rel="next"$/.exec(headers.get('link') ?? '')?.[1];
}

/** A token is refreshed when it has less than this left, so it does not expire in flight. */
const REFRESH_MARGIN_MS = 30_000;
/** After a refused refresh: how often, and how far apart, the stored session is read again for another instance's refresh. */
const RACE_LOOKS = 10;
const RACE_LOOK_MS = 100;

/**
 * Calls the other services' APIs with the signed-in person's access token, which only the portal holds;
 * refreshes it through the identity service when it is about to expire (the refresh cookie rotates and is
 * kept sealed in the browser session).
 */
@Injectable()
export class ApiClient {
  private readonly bases: Record<Service, string>;
  /** Refreshes under way in this process, by browser session id. */
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly identity: IdentityClient,
    private readonly sessions: BrowserSessions,
    private readonly clock: Clock,
    config: ConfigService<PortalEnv, true>,
  ) {
    const base = (k: 'NOTICE_URL' | 'MESSAGES_URL' | 'RIGHTS_URL' | 'RETENTION_URL' | 'IDENTITY_URL') =>
      config.get(k, { infer: true }).replace(/\/$/, '');
    this.bases = {
      notice: base('NOTICE_URL'),
      messages: base('MESSAGES_URL'),
      rights: base('RIGHTS_URL'),
      retention: base('RETENTION_URL'),
      identity: base('IDENTITY_URL'),
    };
  }

  /** A public read (no token). */
  async public<T>(service: Service, path: string): Promise<T> {
    return (await this.send(service, 'GET', path)).json as T;
  }

  /** Every item of a public paged list, following its `Link` rel="next" page by page; `itemsOf` finds them in a body. */
  async publicAll<T>(service: Service, path: string, itemsOf: (body: unknown) => T[]): Promise<T[]> {
    return this.follow(path, async (next) => {
      const res = await this.send(service, 'GET', next);
      return { items: itemsOf(res.json), headers: res.headers };
    });
  }

  /** Every item of a paged list whose body is an array, read as the signed-in person page by page (`Link` rel="next"). */
  async allAs<T>(req: Request, session: BrowserSession, service: Service, path: string): Promise<T[]> {
    return this.follow(path, async (next) => {
      const res = await this.as<T[]>(req, session, service, 'GET', next);
      return { items: res.json, headers: res.headers };
    });
  }

  private async follow<T>(path: string, page: (path: string) => Promise<{ items: T[]; headers: Headers }>): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let n = 0; next !== undefined && n < MAX_PAGES; n++) {
      const read = await page(next);
      items.push(...read.items);
      next = nextPage(read.headers);
    }
    return items;
  }

  /** A public call with a JSON body and no token (e.g. checking a consent receipt, which anyone may). */
  async publicPost<T>(service: Service, path: string, body: object): Promise<T> {
    return (await this.send(service, 'POST', path, body)).json as T;
  }

  /** A public read of a text representation (e.g. a notice's HTML). */
  async text(service: Service, path: string): Promise<string> {
    try {
      const res = await fetch(`${this.bases[service]}${path}`, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(15_000) });
      if (res.status >= 500) throw unavailableStatus(service, 'GET', res.status);
      if (!res.ok) throw new BackendError(service, res.status, undefined);
      return await res.text();
    } catch (err) {
      throw unavailable(service, 'GET', err);
    }
  }

  /** A call as the signed-in person. */
  async as<T>(
    req: Request,
    session: BrowserSession,
    service: Service,
    method: string,
    path: string,
    body?: object,
    options: SendOptions = {},
  ): Promise<{ json: T; status: number; headers: Headers; raw?: Buffer }> {
    const token = await this.accessToken(req, session);
    const res = await this.send(service, method, path, body, token, options);
    return res as { json: T; status: number; headers: Headers; raw?: Buffer };
  }

  /** The person's current access token, refreshed when needed; SignedOutError when the session has ended. */
  async accessToken(req: Request, session: BrowserSession): Promise<string> {
    if (!session.user) throw new SignedOutError();
    const secrets = this.sessions.secrets(session);
    if (secrets.accessToken && this.fresh(session)) return secrets.accessToken;
    // Single flight per browser session: the identity service rotates the refresh cookie on every use and
    // refuses the old one, so a page calling several backends at once must refresh only once.
    const inFlight = this.refreshing.get(session._id);
    if (inFlight) return inFlight;
    const refreshing = this.refresh(req, session).finally(() => this.refreshing.delete(session._id));
    this.refreshing.set(session._id, refreshing);
    return refreshing;
  }

  private fresh(session: BrowserSession): boolean {
    return !!session.accessExpiresAt && session.accessExpiresAt.getTime() - REFRESH_MARGIN_MS > this.clock.now().getTime();
  }

  /**
   * One refresh. A refusal may mean another portal instance refreshed this browser's session a moment
   * ago (its tab raced ours): the session is read again from MongoDB, and its newer token is used, or its
   * newer refresh cookie tried once, before the person counts as signed out.
   */
  private async refresh(req: Request, session: BrowserSession, retried = false): Promise<string> {
    const secrets = this.sessions.secrets(session);
    const ctx: BrowserContext = { cookies: { ...secrets.identityCookies }, ...browserOf(req) };
    try {
      const tokens = await this.identity.refresh(ctx);
      await this.sessions.saveSecrets(
        session,
        { identityCookies: ctx.cookies, accessToken: tokens.accessToken },
        new Date(this.clock.now().getTime() + tokens.expiresIn * 1000),
      );
      return tokens.accessToken;
    } catch (err) {
      if (!(err instanceof BackendError && (err.status === 401 || err.status === 403))) throw err;
      if (!retried) {
        // The other instance's refresh may have been answered a moment before ours and not be stored yet.
        const before = session.sealed;
        for (let look = 0; look < RACE_LOOKS; look++) {
          const stored = await this.sessions.reload(session);
          if (!stored?.user) break;
          const newer = this.sessions.secrets(stored);
          if (newer.accessToken && this.fresh(stored)) return newer.accessToken;
          if (stored.sealed && stored.sealed !== before) return this.refresh(req, stored, true);
          await sleep(RACE_LOOK_MS);
        }
      }
      throw new SignedOutError();
    }
  }

  /** One call; an unreachable, failing (5xx) or garbled backend is a BackendUnavailable, its 4xx a BackendError. */
  private async send(service: Service, method: string, path: string, body?: object, token?: string, options: SendOptions = {}) {
    try {
      const text = options.text;
      const res = await fetch(`${this.bases[service]}${path}`, {
        method,
        headers: {
          accept: options.accept ?? 'application/json',
          ...(body ? { 'content-type': 'application/json' } : text ? { 'content-type': text.type } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.language ? { 'accept-language': options.language } : {}),
          ...options.headers,
        },
        ...(body ? { body: JSON.stringify(body) } : text ? { body: text.body } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status >= 500) {
        await res.body?.cancel();
        throw unavailableStatus(service, method, res.status);
      }
      const type = res.headers.get('content-type') ?? '';
      if (type.includes('json')) {
        const text = await res.text();
        const json = text ? (JSON.parse(text) as unknown) : undefined;
        if (!res.ok)
          throw new BackendError(service, res.status, json as BackendError['problem'], res.headers.get('content-language') ?? undefined);
        return { json, status: res.status, headers: res.headers };
      }
      const raw = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new BackendError(service, res.status, undefined);
      return { json: undefined, status: res.status, headers: res.headers, raw };
    } catch (err) {
      throw unavailable(service, method, err);
    }
  }
}

/**
 * More of a call: other headers (`If-Match`), another representation asked for (`accept`), a body that is
 * text (YAML), the language the person reads (`language`, sent as Accept-Language: a service's messages in it).
 */
export interface SendOptions {
  headers?: Record<string, string>;
  accept?: string;
  text?: { body: string; type: string };
  language?: 'sv' | 'en';
}

/** The browser's address and agent, as the identity service should see them. */
export function browserOf(req: Request): { ip?: string; userAgent?: string } {
  return { ...(req.ip ? { ip: req.ip } : {}), ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}) };
}
