import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { browserOf } from '../../backends/api.client.js';
import { type BrowserContext, IdentityClient, type LoginView, type Tokens } from '../../backends/identity.client.js';
import { type BrowserSession, BrowserSessions } from '../../session/browser-sessions.js';

export type LoginStep =
  { kind: 'waiting'; login: LoginView } | { kind: 'ended'; login: LoginView } | { kind: 'signed-in' } | { kind: 'none' };

/**
 * The sign-in as the portal runs it for a browser: starts the e-ID order at the identity service with
 * this browser's identity cookies (kept in the portal session), follows it, and on completion takes the
 * session's tokens and signs the browser in with a new portal session value.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly identity: IdentityClient,
    private readonly sessions: BrowserSessions,
    private readonly clock: Clock,
  ) {}

  async start(req: Request, session: BrowserSession, provider: 'bankid' | 'freja', method: 'qr' | 'same-device'): Promise<LoginView> {
    const ctx = this.context(req, session);
    const login = await this.identity.startLogin(ctx, provider, method, method === 'same-device' ? '/logga-in/retur' : undefined);
    await this.sessions.saveSecrets(session, { identityCookies: ctx.cookies });
    await this.sessions.setLogin(session, login.loginId);
    return login;
  }

  /** Where the browser's sign-in stands; a completed one is turned into a signed-in session at once. */
  async step(req: Request, res: Response, session: BrowserSession): Promise<LoginStep> {
    if (!session.loginId) return { kind: 'none' };
    const ctx = this.context(req, session);
    const login = await this.identity.login(ctx, session.loginId);
    if (login.status === 'pending') return { kind: 'waiting', login };
    if (login.status !== 'complete') {
      await this.sessions.setLogin(session, undefined);
      return { kind: 'ended', login };
    }
    await this.signInWith(res, session, ctx, await this.identity.session(ctx, session.loginId));
    return { kind: 'signed-in' };
  }

  /** An official's SITHS sign-in (ADR 0009): where to send the browser, the IdP; the binding cookie stays here. */
  async startOfficial(req: Request, session: BrowserSession): Promise<string> {
    const ctx = this.context(req, session);
    const authorize = await this.identity.startSiths(ctx);
    await this.sessions.saveSecrets(session, { identityCookies: ctx.cookies });
    await this.sessions.setSithsPending(session, true);
    return authorize;
  }

  /**
   * The IdP sent the browser back with `search` (its code and state): relayed to the identity service, which
   * checks it against this browser's binding and starts the official's session; the browser is signed in
   * as an official with a new session value. False when no SITHS sign-in was under way in this browser.
   */
  async completeOfficial(req: Request, res: Response, session: BrowserSession, search: string): Promise<boolean> {
    if (!session.sithsPending) return false;
    const ctx = this.context(req, session);
    await this.sessions.setSithsPending(session, false);
    await this.identity.completeSiths(ctx, search);
    await this.signInWith(res, session, ctx, await this.identity.refresh(ctx));
    return true;
  }

  private async signInWith(res: Response, session: BrowserSession, ctx: BrowserContext, tokens: Tokens): Promise<void> {
    const claims = decodeJwt(tokens.accessToken);
    const official = claims.kind === 'official';
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    await this.sessions.signIn(
      session,
      res,
      {
        kind: official ? 'official' : 'citizen',
        ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
        ...(typeof claims.loa === 'number' ? { loa: claims.loa } : {}),
        ...(typeof claims.idp === 'string' ? { provider: claims.idp } : {}),
        ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
        ...(official ? { roles: strings(claims.roles), ...(typeof claims.unit === 'string' ? { unit: claims.unit } : {}) } : {}),
      },
      { identityCookies: ctx.cookies, accessToken: tokens.accessToken },
      new Date(this.clock.now().getTime() + tokens.expiresIn * 1000),
    );
  }

  /** The e-ID app brought the person back to this browser (same device), with the login's nonce. */
  async returned(req: Request, session: BrowserSession, nonce: string): Promise<void> {
    if (!session.loginId) return;
    const ctx = this.context(req, session);
    await this.identity.returned(ctx, session.loginId, nonce);
    await this.sessions.saveSecrets(session, { identityCookies: ctx.cookies });
  }

  async cancel(req: Request, session: BrowserSession): Promise<void> {
    if (!session.loginId) return;
    const ctx = this.context(req, session);
    await this.identity.cancel(ctx, session.loginId).catch(() => undefined); // already over: nothing to cancel
    await this.sessions.setLogin(session, undefined);
  }

  /** Signs out everywhere this browser's identity session reaches, then here. */
  async signOut(req: Request, res: Response, session: BrowserSession, accessToken?: string): Promise<void> {
    const ctx = this.context(req, session);
    await this.identity.signOut(ctx, accessToken).catch(() => undefined); // an ended session is signed out already
    await this.sessions.destroy(session, res);
  }

  private context(req: Request, session: BrowserSession): BrowserContext {
    return { cookies: this.sessions.secrets(session).identityCookies, ...browserOf(req) };
  }
}
