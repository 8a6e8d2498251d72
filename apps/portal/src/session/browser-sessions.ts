import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecretBox } from '@insyn/crypto';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import type { PortalEnv } from '../config/portal-env.js';
import type { BrowserSession, ConsentSigning, SignedInUser } from './browser-session.js';
import { BrowserSessionRepository } from './persistence/browser-session.repository.js';

/** What the portal holds for a browser and never shows it: the identity service's cookies and the access token. */
export interface SessionSecrets {
  identityCookies: Record<string, string>;
  accessToken?: string;
}

export type { BrowserSession };

const hash = (v: string) => createHash('sha256').update(v).digest('base64url');

/**
 * Browser sessions: an httpOnly, SameSite=Lax cookie (`__Host-` prefixed, Secure) carrying a random
 * value; everything else lives in MongoDB, so every portal instance serves every browser. Idle sessions
 * end after PORTAL_IDLE_MINUTES.
 */
@Injectable()
export class BrowserSessions {
  private readonly box: SecretBox;
  private readonly idleMs: number;
  readonly secure: boolean;
  readonly cookieName: string;

  constructor(
    private readonly sessions: BrowserSessionRepository,
    private readonly clock: Clock,
    config: ConfigService<PortalEnv, true>,
  ) {
    this.box = new SecretBox(config.get('PORTAL_SESSION_SECRET', { infer: true }), 'browser-sessions', 'insyn-portal');
    this.idleMs = config.get('PORTAL_IDLE_MINUTES', { infer: true }) * 60_000;
    this.secure = config.get('PORTAL_COOKIE_SECURE', { infer: true }) === 'true';
    this.cookieName = this.secure ? '__Host-insyn_portal' : 'insyn_portal';
  }

  get idleMinutes(): number {
    return this.idleMs / 60_000;
  }

  /** The browser's session, or a new one (with its cookie set) when it has none or it idled out. */
  async ensure(req: Request, res: Response): Promise<BrowserSession> {
    const value = (req.cookies as Record<string, string | undefined> | undefined)?.[this.cookieName];
    const now = this.clock.now();
    if (value) {
      const found = await this.sessions.touchLive(hash(value), now, new Date(now.getTime() + this.idleMs));
      if (found) return found;
    }
    return this.fresh(res);
  }

  /** A new, signed-out session for the browser (its cookie set), in `lang` when given. */
  async fresh(res: Response, lang?: 'sv' | 'en'): Promise<BrowserSession> {
    const now = this.clock.now();
    const fresh = randomBytes(32).toString('base64url');
    const record: BrowserSession = {
      _id: hash(fresh),
      csrf: randomBytes(24).toString('base64url'),
      ...(lang ? { lang } : {}),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.idleMs),
    };
    await this.sessions.insert(record);
    res.cookie(this.cookieName, fresh, { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' });
    return record;
  }

  secrets(session: BrowserSession): SessionSecrets {
    return session.sealed ? (JSON.parse(this.box.open(session.sealed, session._id)) as SessionSecrets) : { identityCookies: {} };
  }

  async saveSecrets(session: BrowserSession, secrets: SessionSecrets, accessExpiresAt?: Date): Promise<void> {
    const sealed = this.box.seal(JSON.stringify(secrets), session._id);
    session.sealed = sealed;
    await this.sessions.setSealed(session._id, sealed, accessExpiresAt);
    if (accessExpiresAt) session.accessExpiresAt = accessExpiresAt;
  }

  /**
   * The session as stored now (another request or portal instance may have refreshed its tokens since this
   * one read it); its secrets and access expiry are copied onto `session`. Undefined when it has ended.
   */
  async reload(session: BrowserSession): Promise<BrowserSession | undefined> {
    const stored = await this.sessions.findLive(session._id, this.clock.now());
    if (!stored) return undefined;
    session.sealed = stored.sealed;
    session.accessExpiresAt = stored.accessExpiresAt;
    return session;
  }

  async setLogin(session: BrowserSession, loginId: string | undefined): Promise<void> {
    await this.sessions.setLogin(session._id, loginId);
    session.loginId = loginId;
  }

  /** Whether an official's SITHS sign-in is under way at the IdP for this browser. */
  async setSithsPending(session: BrowserSession, pending: boolean): Promise<void> {
    await this.sessions.setSithsPending(session._id, pending);
    session.sithsPending = pending || undefined;
  }

  /** The consent being signed with BankID, or none. */
  async setSigning(session: BrowserSession, signing: ConsentSigning | undefined): Promise<void> {
    await this.sessions.setSigning(session._id, signing);
    session.signing = signing;
  }

  /** Signs the browser in: a new session value (no fixation), the user and the secrets. */
  async signIn(
    session: BrowserSession,
    res: Response,
    user: SignedInUser,
    secrets: SessionSecrets,
    accessExpiresAt: Date,
  ): Promise<BrowserSession> {
    const now = this.clock.now();
    const fresh = randomBytes(32).toString('base64url');
    const record: BrowserSession = {
      _id: hash(fresh),
      csrf: randomBytes(24).toString('base64url'),
      ...(session.lang ? { lang: session.lang } : {}),
      user,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.idleMs),
    };
    record.sealed = this.box.seal(JSON.stringify(secrets), record._id);
    record.accessExpiresAt = accessExpiresAt;
    await this.sessions.insert(record);
    await this.sessions.delete(session._id);
    res.cookie(this.cookieName, fresh, { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' });
    return record;
  }

  async setLang(session: BrowserSession, lang: 'sv' | 'en'): Promise<void> {
    await this.sessions.setLang(session._id, lang);
    session.lang = lang;
  }

  /**
   * Ends every browser's session here that rides on an identity session the person just signed out on
   * Mina inloggningar: that browser is signed out at its next request, not when its access token expires.
   */
  async destroyForIdentitySession(identitySessionId: string): Promise<void> {
    await this.sessions.deleteForIdentitySession(identitySessionId);
  }

  /** Ends the browser's session here (the identity session is ended by the caller first). */
  async destroy(session: BrowserSession, res: Response): Promise<void> {
    await this.sessions.delete(session._id);
    res.clearCookie(this.cookieName, { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' });
  }
}
