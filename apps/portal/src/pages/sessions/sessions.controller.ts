import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient, browserOf } from '../../backends/api.client.js';
import { type BrowserContext, IdentityClient, type IdentitySession } from '../../backends/identity.client.js';
import { type BrowserSession, BrowserSessions } from '../../session/browser-sessions.js';
import { Views } from '../../web/views.js';
import { CsrfForm } from '../login/login.dto.js';
import { SignInService } from '../login/sign-in.service.js';
import { signedInPage } from '../signed-in.js';

/** The identity service's session ids are UUIDs. */
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ListedSession = IdentitySession & { active?: boolean };

/**
 * Mina inloggningar: where the person is signed in (the identity service's list of her sessions, of her
 * own kind only), this browser's marked, and signing out one of them or all the others. Each sign-out
 * is a CSRF-protected form; signing out this browser's session signs this browser out.
 */
@ApiExcludeController()
@Controller('inloggningar')
export class SessionsController {
  constructor(
    private readonly api: ApiClient,
    private readonly identity: IdentityClient,
    private readonly signIn: SignInService,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response, @Query('utloggad') ended?: string): Promise<void> {
    return signedInPage(req, res, this.sessions, async ({ page, session }) => {
      const mine = (await this.active(req, session)).map((s) => ({ ...s, thisBrowser: this.isThisBrowser(s, session) }));
      const count = typeof ended === 'string' && /^\d{1,3}$/.test(ended) ? Number(ended) : undefined;
      res.type('html').send(
        this.views.render('pages/sessions.njk', page, {
          sessions: mine,
          others: mine.filter((s) => !s.thisBrowser).length,
          ...(count !== undefined ? { ended: count } : {}),
        }),
      );
    });
  }

  /** "Stay signed in" (idle.js): the page middleware has already moved the session's idle timeout on. */
  @Get('forlang')
  @Public()
  @HttpCode(204)
  keepAlive(): void {}

  @Post('andra/avsluta')
  @Public()
  endOthers(@Req() req: Request, @Res() res: Response, @Body() _form: CsrfForm): Promise<void> {
    return signedInPage(req, res, this.sessions, async ({ session }) => {
      const others = (await this.active(req, session)).filter((s) => !this.isThisBrowser(s, session));
      const token = await this.api.accessToken(req, session);
      for (const s of others) await this.endElsewhere(req, session, token, s.sessionId);
      res.redirect(303, `/inloggningar?utloggad=${others.length}`);
    });
  }

  @Post(':sessionId/avsluta')
  @Public()
  end(@Req() req: Request, @Res() res: Response, @Param('sessionId') sessionId: string, @Body() _form: CsrfForm): Promise<void> {
    return signedInPage(req, res, this.sessions, async ({ session }) => {
      if (!SESSION_ID.test(sessionId)) throw Problems.notFound('The sign-in');
      const token = await this.api.accessToken(req, session);
      if (sessionId === session.user?.sessionId) {
        await this.signIn.signOut(req, res, session, token);
        return res.redirect(303, '/');
      }
      // Another person's id, or an unknown one: the identity service answers 404, shown as the 404 page.
      await this.endElsewhere(req, session, token, sessionId);
      res.redirect(303, '/inloggningar?utloggad=1');
    });
  }

  /** Ends one of the person's other sessions at the identity service, and the portal's browser sessions on it. */
  private async endElsewhere(req: Request, session: BrowserSession, token: string, sessionId: string): Promise<void> {
    await this.identity.endSession(this.context(req, session), token, sessionId);
    await this.sessions.destroyForIdentitySession(sessionId);
  }

  /** The person's sessions that are still signed in (the identity service also lists those ended lately). */
  private async active(req: Request, session: BrowserSession): Promise<ListedSession[]> {
    const token = await this.api.accessToken(req, session);
    const all = (await this.identity.sessions(this.context(req, session), token)) as ListedSession[];
    return all.filter((s) => s.active !== false);
  }

  private isThisBrowser(s: IdentitySession, session: BrowserSession): boolean {
    return session.user?.sessionId ? s.sessionId === session.user.sessionId : s.current === true;
  }

  private context(req: Request, session: BrowserSession): BrowserContext {
    return { cookies: this.sessions.secrets(session).identityCookies, ...browserOf(req) };
  }
}
