import { Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { readForm } from './form-body.js';
import { renderPhonePage, pageQuery } from './phone-page.html.js';
import { canScan } from './qr-scanner.js';
import { SimulatedProviders } from './simulated-providers.js';
import { type TestUser, TestUsers } from './test-users.js';

/** The page's own policy: no scripts at all, inline styles, forms only to this origin, no HTTPS upgrade of the plain-HTTP listener. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A page that plays the e-ID apps: lists every simulated provider's pending orders and approves, cancels or scans. */
@ApiExcludeController()
@Controller()
export class PhonePageController {
  constructor(
    private readonly providers: SimulatedProviders,
    private readonly users: TestUsers,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  page(
    @Res() res: Response,
    @Query('user') user?: string,
    @Query('auto') auto?: string,
    @Query('msg') msg?: string,
    @Query('ok') ok?: string,
  ): void {
    const html = renderPhonePage({
      orders: this.providers.all().flatMap((p) => p.pending()),
      users: this.users.all(),
      selected: this.userOrDefault(user),
      autoRefresh: auto !== '0',
      ...(msg ? { message: { ok: ok === '1', text: msg.slice(0, 300) } } : {}),
    });
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.type('html').send(html);
  }

  @Post('phone/approve')
  async approve(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await readForm(req);
    const user = this.userOrDefault(form.get('personalNumber') ?? form.get('user') ?? undefined);
    const provider = this.providers.get(form.get('provider') ?? '');
    const done = provider?.approve(form.get('ref') ?? '', user) ?? false;
    // Like the app after a same-device order: it opens the RP's returnUrl (BankID RP API 6.1).
    const returnUrl = done ? provider?.returnUrlOf?.(form.get('ref') ?? '') : undefined;
    if (returnUrl) {
      res.redirect(303, returnUrl);
      return;
    }
    this.back(
      res,
      form,
      done,
      done
        ? `Godkänt som ${user.givenName} ${user.surname}.`
        : 'Ordern kunde inte godkännas: den är avslutad eller gäller en annan person.',
    );
  }

  @Post('phone/decline')
  async decline(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await readForm(req);
    const provider = this.providers.get(form.get('provider') ?? '');
    const done = provider?.decline(form.get('ref') ?? '') ?? false;
    this.back(res, form, done, done ? 'Ordern avbröts i appen.' : 'Ordern kunde inte avbrytas: den är redan avslutad.');
  }

  @Post('phone/scan')
  async scan(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await readForm(req);
    const content = (form.get('qr') ?? '').trim();
    const user = this.userOrDefault(form.get('user') ?? undefined);
    for (const provider of this.providers.all()) {
      if (!canScan(provider)) continue;
      const outcome = provider.scan(content, user);
      if (!outcome) continue;
      this.back(
        res,
        form,
        outcome.ok,
        outcome.ok ? 'QR-koden lästes. Ordern väntar nu på att du godkänner den.' : `QR-koden avvisades: ${outcome.message}`,
      );
      return;
    }
    this.back(res, form, false, 'Ingen simulerad tjänst känner igen QR-koden.');
  }

  private userOrDefault(personalNumber: string | undefined): TestUser {
    return (personalNumber && this.users.get(personalNumber)) || this.users.default();
  }

  /** Post/redirect/get: back to the page with the outcome, keeping the chosen person and refresh setting. */
  private back(res: Response, form: URLSearchParams, ok: boolean, text: string): void {
    const user = this.userOrDefault(form.get('user') ?? undefined).personalNumber;
    res.redirect(303, pageQuery(user, form.get('auto') !== '0', { msg: text, ok: ok ? '1' : '0' }));
  }
}
