import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError, BackendUnavailable } from '../../backends/backend-error.js';
import { type BrowserSession, BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import { officialAreas } from '../../web/official-areas.js';
import { localsOf } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { CsrfForm } from '../login/login.dto.js';
import { SignInService } from '../login/sign-in.service.js';
import { OFFICIAL_SIGN_IN, officialPage } from '../signed-in.js';

export const OFFICIAL_HOME = '/tjanst';

/**
 * Officials sign in with SITHS eID (ADR 0009): the portal starts the sign-in at the identity service with
 * this browser's cookies there, which it keeps; the IdP returns the browser here, and the portal relays the
 * answer. The official's session is a session of its own: a private person's session in the same browser
 * ends first, so work and private pages never share one.
 */
@ApiExcludeController()
@Controller('tjanst')
export class OfficialLoginController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: BrowserSessions,
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  @Public()
  home(@Req() req: Request, @Res() res: Response): Promise<void> {
    return officialPage(req, res, this.sessions, [], async ({ page, session }) => {
      const roles = session.user?.roles ?? [];
      const unit = session.user?.unit;
      res.type('html').send(
        this.views.render('pages/official-home.njk', page, {
          areas: officialAreas(roles),
          roles: roles.map((r) => roleName(r, page.lang)),
          unit: unit && (await this.unitName(req, session, unit)),
        }),
      );
    });
  }

  /**
   * The unit's name as the messages service keeps the municipality's units (the register the other services'
   * unit lists follow); its id when messages does not know it or cannot answer, so the start page still shows.
   */
  private async unitName(req: Request, session: BrowserSession, unit: string): Promise<string> {
    try {
      const { json } = await this.api.as<{ unit: string; name: string }[]>(req, session, 'messages', 'GET', '/v1/units');
      return (Array.isArray(json) ? json.find((u) => u.unit === unit)?.name : undefined) ?? unit;
    } catch (err) {
      if (err instanceof BackendError || err instanceof BackendUnavailable) return unit;
      throw err;
    }
  }

  @Get('logga-in')
  @Public()
  choose(@Res() res: Response): void {
    const { page, session } = localsOf(res);
    if (session.user?.kind === 'official') return res.redirect(303, OFFICIAL_HOME);
    res.type('html').send(this.views.render('pages/official-login.njk', page, { citizenSignedIn: session.user?.kind === 'citizen' }));
  }

  @Post('logga-in')
  @Public()
  async start(@Req() req: Request, @Res() res: Response, @Body() _form: CsrfForm): Promise<void> {
    const { page } = localsOf(res);
    let { session } = localsOf(res);
    if (session.user?.kind === 'official') return res.redirect(303, OFFICIAL_HOME);
    if (session.user) {
      // Her private session ends here and at the identity service before her work session starts.
      const token = await this.api.accessToken(req, session).catch(() => undefined);
      await this.signIn.signOut(req, res, session, token);
      session = await this.sessions.fresh(res, page.lang);
    }
    let authorize: string;
    try {
      authorize = await this.signIn.startOfficial(req, session);
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      res
        .status(err.status === 429 ? 429 : 503)
        .type('html')
        .send(
          this.views.render('pages/official-login.njk', page, {
            notice: translate(page.lang, err.status === 429 ? 'login.tooMany' : 'official.signIn.unavailable'),
          }),
        );
      return;
    }
    // Not a redirect: the form's post may not lead to another origin (CSP form-action 'self'); the page goes on at once.
    res.type('html').send(this.views.render('pages/official-redirect.njk', page, { authorize }));
  }

  /** The IdP returns the browser here; its answer goes on to the identity service with this browser's binding. */
  @Get('logga-in/retur')
  @Public()
  async returned(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { page, session } = localsOf(res);
    const search = new URL(req.originalUrl, 'http://portal').search;
    try {
      if (await this.signIn.completeOfficial(req, res, session, search)) return res.redirect(303, OFFICIAL_HOME);
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      const reason = err.problem?.type?.endsWith('/not-an-official') ? 'official.signIn.notRegistered' : 'official.signIn.failed';
      res
        .status(err.status === 403 ? 403 : 400)
        .type('html')
        .send(this.views.render('pages/official-login.njk', page, { notice: translate(page.lang, reason) }));
      return;
    }
    res.redirect(303, OFFICIAL_SIGN_IN);
  }
}

/** A role in plain words (its id when the catalogue has no name for it). */
export function roleName(role: string, lang: 'sv' | 'en'): string {
  try {
    return translate(lang, `official.role.${role}`);
  } catch {
    return role;
  }
}
