import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import type { LoginView } from '../../backends/identity.client.js';
import { type Lang, translate } from '../../web/i18n.js';
import { localsOf } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { CsrfForm, SignOutForm, StartSignInForm } from './login.dto.js';
import { SignInService } from './sign-in.service.js';

const AFTER_SIGN_IN = '/mina-behandlingar';

/** Where a signed-in person belongs: an official's work pages, or her own. */
const homeOf = (kind: 'citizen' | 'official') => (kind === 'official' ? '/tjanst' : AFTER_SIGN_IN);

const endedMessage = (login: LoginView, lang: Lang) =>
  login.status === 'cancelled' ? translate(lang, 'login.cancelled') : login.message[lang] || translate(lang, 'login.expired');

/**
 * Sign-in with e-ID (BankID on another device by animated QR, BankID on this device, Freja eID): the
 * pages work without JavaScript (the waiting page reloads itself); with it, `login.js` refreshes the QR
 * code and the status text every second.
 */
@ApiExcludeController()
@Controller('logga-in')
export class LoginController {
  constructor(
    private readonly signIn: SignInService,
    private readonly views: Views,
  ) {}

  @Get()
  @Public()
  choose(@Res() res: Response, @Query('avbruten') cancelled?: string, @Query('inaktiv') idle?: string): void {
    const { page, session } = localsOf(res);
    if (session.user) return res.redirect(303, homeOf(session.user.kind));
    const notice = cancelled ? 'login.cancelled' : idle ? 'login.idle' : undefined;
    res.type('html').send(this.views.render('pages/login.njk', page, notice ? { notice: translate(page.lang, notice) } : {}));
  }

  @Post()
  @Public()
  async start(@Req() req: Request, @Res() res: Response, @Body() form: StartSignInForm): Promise<void> {
    const { page, session } = localsOf(res);
    // Signed in already (an official's work session included): never a second sign-in mixed into this session.
    if (session.user) return res.redirect(303, homeOf(session.user.kind));
    try {
      await this.signIn.start(req, session, form.provider, form.method);
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      const message = translate(page.lang, err.status === 429 ? 'login.tooMany' : 'login.unavailable');
      res
        .status(err.status === 429 ? 429 : 503)
        .type('html')
        .send(this.views.render('pages/login.njk', page, { notice: message }));
      return;
    }
    res.redirect(303, '/logga-in/vanta');
  }

  @Get('vanta')
  @Public()
  async wait(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { page, session } = localsOf(res);
    const step = await this.signIn.step(req, res, session);
    if (step.kind === 'signed-in') return res.redirect(303, AFTER_SIGN_IN);
    if (step.kind === 'none') return res.redirect(303, '/logga-in');
    const message = step.kind === 'ended' ? endedMessage(step.login, page.lang) : step.login.message[page.lang];
    const view = step.kind === 'ended' ? 'pages/login-ended.njk' : 'pages/login-wait.njk';
    res.type('html').send(this.views.render(view, page, { login: step.login, message }));
  }

  /** For login.js: the status, the message in the page's language, the current QR, and where to go when done. */
  @Get('status')
  @Public()
  async status(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { page, session } = localsOf(res);
    const step = await this.signIn.step(req, res, session);
    if (step.kind === 'signed-in') return void res.json({ status: 'complete', redirect: AFTER_SIGN_IN });
    if (step.kind === 'none') return void res.json({ status: 'none', redirect: '/logga-in' });
    if (step.kind === 'ended') return void res.json({ status: step.login.status, redirect: '/logga-in/vanta' });
    res.json({
      status: 'pending',
      message: step.login.message[page.lang],
      qrSvg: step.login.qr?.svg,
      pollAfterMs: step.login.pollAfterMs ?? 1000,
    });
  }

  /** Same device: the e-ID app returns here with the login's nonce. */
  @Get('retur')
  @Public()
  async returned(@Req() req: Request, @Res() res: Response, @Query('eidReturn') nonce?: string): Promise<void> {
    const { session } = localsOf(res);
    if (typeof nonce === 'string' && /^[A-Za-z0-9_-]{43}$/.test(nonce))
      await this.signIn.returned(req, session, nonce).catch(() => undefined);
    res.redirect(303, '/logga-in/vanta');
  }

  @Post('avbryt')
  @Public()
  async cancel(@Req() req: Request, @Res() res: Response, @Body() _form: CsrfForm): Promise<void> {
    await this.signIn.cancel(req, localsOf(res).session);
    res.redirect(303, '/logga-in?avbruten=1');
  }
}

/** Sign-out: the identity session ends (its refresh token stops working), then the portal session. */
@ApiExcludeController()
@Controller('logga-ut')
export class LogoutController {
  constructor(
    private readonly signIn: SignInService,
    private readonly api: ApiClient,
  ) {}

  @Post()
  @Public()
  async signOut(@Req() req: Request, @Res() res: Response, @Body() form: SignOutForm): Promise<void> {
    const { session } = localsOf(res);
    const token = session.user ? await this.api.accessToken(req, session).catch(() => undefined) : undefined;
    await this.signIn.signOut(req, res, session, token);
    res.redirect(303, form.reason === 'idle' ? '/logga-in?inaktiv=1' : '/');
  }
}
