import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { PortalEnv } from '../config/portal-env.js';
import { BackendError, unavailable, unavailableStatus } from './backend-error.js';

export interface LoginView {
  loginId: string;
  provider: 'bankid' | 'freja';
  method: 'qr' | 'same-device';
  status: 'pending' | 'failed' | 'complete' | 'cancelled';
  hintCode?: string;
  message: { code: string; sv: string; en: string };
  qr?: { content: string; svg: string };
  autoStartUrl?: string;
  pollAfterMs?: number;
  returned?: boolean;
}

/** A BankID sign order at the identity service, as its owner polls it (ADR 0012). */
export interface SignOrderView extends Pick<LoginView, 'status' | 'hintCode' | 'message' | 'qr' | 'autoStartUrl' | 'pollAfterMs'> {
  orderId: string;
  result?: { assertion: string; evidence: { provider: 'bankid'; signature: string; ocspResponse: string }; completedAt: string };
}

export interface Tokens {
  accessToken: string;
  expiresIn: number;
  sessionExpiresAt: string;
}

export interface IdentitySession {
  sessionId: string;
  provider: string;
  loa: number;
  createdAt: string;
  refreshedAt: string;
  expiresAt: string;
  current?: boolean;
}

/** What a call to the identity service carries for one browser: its cookies there, and the browser's address and agent. */
export interface BrowserContext {
  cookies: Record<string, string>;
  ip?: string;
  userAgent?: string;
}

/**
 * The identity service, called by the portal on the browser's behalf (the BFF): the identity service's
 * cookies (the sign-in binding, the refresh cookie) are kept in the portal session and sent here, never to
 * the browser; the browser's address goes in X-Forwarded-For (the identity service trusts the portal as
 * a proxy on loopback, TRUST_PROXY) for BankID's endUserIp and the rate limits.
 */
@Injectable()
export class IdentityClient {
  private readonly base: string;

  constructor(config: ConfigService<PortalEnv, true>) {
    this.base = config.get('IDENTITY_URL', { infer: true }).replace(/\/$/, '');
  }

  startLogin(ctx: BrowserContext, provider: 'bankid' | 'freja', method: 'qr' | 'same-device', returnTo?: string): Promise<LoginView> {
    return this.call<LoginView>(ctx, 'POST', '/v1/logins', { provider, method, ...(returnTo ? { returnTo } : {}) });
  }

  login(ctx: BrowserContext, loginId: string): Promise<LoginView> {
    return this.call<LoginView>(ctx, 'GET', `/v1/logins/${encodeURIComponent(loginId)}`);
  }

  returned(ctx: BrowserContext, loginId: string, nonce: string): Promise<LoginView> {
    return this.call<LoginView>(ctx, 'POST', `/v1/logins/${encodeURIComponent(loginId)}/return`, { nonce });
  }

  async cancel(ctx: BrowserContext, loginId: string): Promise<void> {
    await this.call(ctx, 'DELETE', `/v1/logins/${encodeURIComponent(loginId)}`);
  }

  session(ctx: BrowserContext, loginId: string): Promise<Tokens> {
    return this.call<Tokens>(ctx, 'POST', `/v1/logins/${encodeURIComponent(loginId)}/session`);
  }

  refresh(ctx: BrowserContext): Promise<Tokens> {
    return this.call<Tokens>(ctx, 'POST', '/v1/sessions/refresh');
  }

  async signOut(ctx: BrowserContext, accessToken?: string): Promise<void> {
    await this.call(ctx, 'POST', '/v1/sessions/sign-out', undefined, accessToken);
  }

  sessions(ctx: BrowserContext, accessToken: string): Promise<IdentitySession[]> {
    return this.call<IdentitySession[]>(ctx, 'GET', '/v1/sessions', undefined, accessToken);
  }

  async endSession(ctx: BrowserContext, accessToken: string, sessionId: string): Promise<void> {
    await this.call(ctx, 'DELETE', `/v1/sessions/${encodeURIComponent(sessionId)}`, undefined, accessToken);
  }

  /** Starts signing `text` with BankID for the signed-in person (her token); the app returns to `returnTo` on this device. */
  startSignOrder(
    ctx: BrowserContext,
    accessToken: string,
    text: string,
    method: 'qr' | 'same-device',
    returnTo?: string,
  ): Promise<SignOrderView> {
    return this.call<SignOrderView>(ctx, 'POST', '/v1/sign-orders', { method, text, ...(returnTo ? { returnTo } : {}) }, accessToken);
  }

  signOrder(ctx: BrowserContext, accessToken: string, orderId: string): Promise<SignOrderView> {
    return this.call<SignOrderView>(ctx, 'GET', `/v1/sign-orders/${encodeURIComponent(orderId)}`, undefined, accessToken);
  }

  cancelSignOrder(ctx: BrowserContext, accessToken: string, orderId: string): Promise<SignOrderView> {
    return this.call<SignOrderView>(ctx, 'DELETE', `/v1/sign-orders/${encodeURIComponent(orderId)}`, undefined, accessToken);
  }

  /** Starts an official's SITHS sign-in for this browser (ADR 0009): where to send the browser, the IdP's authorization address. */
  startSiths(ctx: BrowserContext): Promise<string> {
    return this.call<string>(ctx, 'GET', '/v1/logins/siths?via=portal', undefined, undefined, true);
  }

  /**
   * Relays the IdP's answer (the query it sent the browser back with) to the identity service, with this
   * browser's binding cookie; a registered official's session starts there and its refresh cookie lands in `ctx.cookies`.
   */
  async completeSiths(ctx: BrowserContext, search: string): Promise<void> {
    await this.call<string>(ctx, 'GET', `/v1/logins/siths/callback${search}`, undefined, undefined, true);
  }

  /**
   * One call; cookies the identity service sets (or clears) are written back into `ctx.cookies`. An
   * unreachable, failing (5xx) or garbled identity service is a BackendUnavailable, its 4xx a BackendError.
   */
  private async call<T>(
    ctx: BrowserContext,
    method: string,
    path: string,
    body?: object,
    accessToken?: string,
    redirect = false,
  ): Promise<T> {
    try {
      return await this.exchange<T>(ctx, method, path, body, accessToken, redirect);
    } catch (err) {
      throw unavailable('identity', method, err);
    }
  }

  /** `redirect`: the answer is a redirect (a SITHS sign-in's), whose address is returned rather than followed. */
  private async exchange<T>(
    ctx: BrowserContext,
    method: string,
    path: string,
    body: object | undefined,
    accessToken: string | undefined,
    redirect: boolean,
  ): Promise<T> {
    const cookie = Object.entries(ctx.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...(ctx.ip ? { 'x-forwarded-for': ctx.ip } : {}),
        ...(ctx.userAgent ? { 'user-agent': ctx.userAgent } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') delete ctx.cookies[name];
      else ctx.cookies[name] = value;
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw unavailableStatus('identity', method, res.status);
    }
    if (redirect && res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      return (res.headers.get('location') ?? '') as T;
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw new BackendError('identity', res.status, parsed as BackendError['problem']);
    return parsed as T;
  }
}
