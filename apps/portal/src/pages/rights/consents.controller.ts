import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient, browserOf } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { IdentityClient, type SignOrderView } from '../../backends/identity.client.js';
import type { ConsentSigning } from '../../session/browser-session.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, localized, translate } from '../../web/i18n.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { citizenPage } from '../signed-in.js';
import { rightsRefusal } from './rights-refusal.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Text = { sv: string; en?: string };
type Status = 'given' | 'withdrawn' | 'not-given' | 'renewal-needed';

interface OfferedPurpose {
  notice: { slug: string; version: number; title: Text };
  purpose: { id: string; basis: string; title: Text; text: Text; signature?: 'required' | 'none' };
  status: Status;
  consent: { consentId: string; state: string; givenUnderVersion: number; changedAt: string } | null;
}
interface FormerConsent {
  consentId: string;
  state: string;
  changedAt: string;
  notice: string;
  purpose: string;
  reason: 'notice-not-current' | 'purpose-not-current';
}
interface ConsentList {
  purposes: OfferedPurpose[];
  formerConsents: FormerConsent[];
}
interface Change {
  sequence: number;
  state: 'given' | 'withdrawn';
  at: string;
  notice: { slug: string; version: number; title: Text };
  purpose: { id: string; title: Text };
  textShown: string;
  language: Lang;
  signedIn: { provider: string; loa: number };
  signed?: { provider: string; signedAt: string };
}
interface History {
  consent: { id: string; notice: string; purpose: string; state: string; noticeVersion: number };
  changes: Change[];
}

/**
 * Mina samtycken: every purpose she could consent to, grouped by notice, with the exact text and one
 * button to give or withdraw (the same single step either way, art. 7.3); a consent's history under the
 * notice versions; the signed receipt as a file. Everything through the rights API with her own token.
 */
@ApiExcludeController()
@Controller('samtycken')
export class ConsentsPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
    private readonly identity: IdentityClient,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response, @Query('klart') done?: string, @Query('samtycke') changedId?: string): Promise<void> {
    return citizenPage(req, res, this.sessions, (locals) =>
      this.show(req, res, locals, {
        ...(['given', 'withdrawn', 'unchanged'].includes(done ?? '') ? { done } : {}),
        ...(typeof changedId === 'string' && ID.test(changedId) ? { changedId } : {}),
      }),
    );
  }

  @Post('ge')
  @Public()
  give(@Req() req: Request, @Res() res: Response, @Body() form: { notice?: string; purpose?: string } | undefined): Promise<void> {
    return this.change(req, res, 'give', form ?? {});
  }

  @Post('aterkalla')
  @Public()
  withdraw(@Req() req: Request, @Res() res: Response, @Body() form: { notice?: string; purpose?: string } | undefined): Promise<void> {
    return this.change(req, res, 'withdraw', form ?? {});
  }

  /**
   * A purpose whose notice asks for a signature: the text is signed with BankID at the identity service
   * (QR on another device, or the app on this one, as at sign-in), then given with the signature. The
   * waiting page works without JavaScript (it reloads itself); with it, login.js polls `signera/status`.
   */
  @Post('signera')
  @Public()
  startSigning(
    @Req() req: Request,
    @Res() res: Response,
    @Body() form: { notice?: string; purpose?: string; method?: string } | undefined,
  ) {
    return citizenPage(req, res, this.sessions, async (locals) => {
      const { notice, purpose, method } = form ?? {};
      if (typeof notice !== 'string' || !SLUG.test(notice) || typeof purpose !== 'string' || !SLUG.test(purpose))
        throw Problems.validation([{ field: 'purpose', messages: ['the form names no purpose'] }]);
      const { json } = await this.api.as<ConsentList>(req, locals.session, 'rights', 'GET', '/v1/consents');
      const offered = json.purposes.find((p) => p.notice.slug === notice && p.purpose.id === purpose);
      if (!offered) throw Problems.notFound('The purpose');
      // The exact text she is shown, in the language it is shown in: what she signs and what she consents to.
      const shown = localized(offered.purpose.text, locals.page.lang);
      const token = await this.api.accessToken(req, locals.session);
      const sameDevice = method === 'same-device';
      let order: SignOrderView;
      try {
        order = await this.identity.startSignOrder(
          { cookies: {}, ...browserOf(req) },
          token,
          shown.text,
          sameDevice ? 'same-device' : 'qr',
          sameDevice ? '/samtycken/signera' : undefined,
        );
      } catch (err) {
        if (!(err instanceof BackendError)) throw err;
        return this.show(req, res, locals, {
          error: translate(locals.page.lang, 'sign.unavailable'),
          errorAt: `${notice}/${purpose}`,
          status: 503,
        });
      }
      await this.sessions.setSigning(locals.session, { orderId: order.orderId, notice, purpose, language: shown.lang, text: shown.text });
      res.redirect(303, '/samtycken/signera');
    });
  }

  @Get('signera')
  @Public()
  signing(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      const { page, session } = locals;
      const signing = session.signing;
      const order = signing ? await this.signOrder(req, locals, signing) : undefined;
      if (!signing || !order) return res.redirect(303, '/samtycken');
      const anchor = `p-${signing.notice}-${signing.purpose}`;
      if (order.status === 'pending')
        return void res
          .type('html')
          .send(this.views.render('pages/sign-wait.njk', page, { order, signing, message: order.message[page.lang] }));
      await this.sessions.setSigning(session, undefined);
      if (order.status !== 'complete' || !order.result) {
        const message = order.status === 'cancelled' ? translate(page.lang, 'sign.cancelled') : order.message[page.lang];
        return void res.type('html').send(this.views.render('pages/sign-ended.njk', page, { message, anchor }));
      }
      let result: { id: string; changed: boolean };
      try {
        ({ json: result } = await this.api.as<{ id: string; changed: boolean }>(req, session, 'rights', 'POST', '/v1/consents/give', {
          notice: signing.notice,
          purpose: signing.purpose,
          language: signing.language,
          signature: { assertion: order.result.assertion, evidence: order.result.evidence },
        }));
      } catch (err) {
        const refusal = rightsRefusal(err, page.lang);
        if (!refusal) throw err;
        return this.show(req, res, locals, { error: refusal, errorAt: `${signing.notice}/${signing.purpose}`, status: 422 });
      }
      res.redirect(303, `/samtycken?klart=${result.changed ? 'given' : 'unchanged'}&samtycke=${encodeURIComponent(result.id)}#${anchor}`);
    });
  }

  /** For login.js: the message in the page's language and the current QR while pending; the page to go to once it has ended. */
  @Get('signera/status')
  @Public()
  signingStatus(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      const signing = locals.session.signing;
      const order = signing ? await this.signOrder(req, locals, signing) : undefined;
      if (order?.status !== 'pending') return void res.json({ status: order?.status ?? 'none', redirect: '/samtycken/signera' });
      res.json({
        status: 'pending',
        message: order.message[locals.page.lang],
        qrSvg: order.qr?.svg,
        pollAfterMs: order.pollAfterMs ?? 1000,
      });
    });
  }

  @Post('signera/avbryt')
  @Public()
  cancelSigning(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ session }) => {
      if (session.signing) {
        const token = await this.api.accessToken(req, session);
        await this.identity.cancelSignOrder({ cookies: {}, ...browserOf(req) }, token, session.signing.orderId).catch(() => undefined);
      }
      res.redirect(303, '/samtycken/signera');
    });
  }

  /** The sign order as it stands; undefined (and forgotten) when the identity service no longer knows it. */
  private async signOrder(req: Request, { session }: PortalLocals, signing: ConsentSigning): Promise<SignOrderView | undefined> {
    const token = await this.api.accessToken(req, session);
    try {
      return await this.identity.signOrder({ cookies: {}, ...browserOf(req) }, token, signing.orderId);
    } catch (err) {
      if (!(err instanceof BackendError && err.status === 404)) throw err;
      await this.sessions.setSigning(session, undefined);
      return undefined;
    }
  }

  @Get(':consentId')
  @Public()
  one(@Req() req: Request, @Res() res: Response, @Param('consentId') id: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ page, session }) => {
      if (!ID.test(id)) throw Problems.notFound('The consent');
      const { json } = await this.api.as<History>(req, session, 'rights', 'GET', `/v1/consents/${id}/history`);
      const last = json.changes[json.changes.length - 1];
      res.type('html').send(
        this.views.render('pages/consent.njk', page, {
          consent: json.consent,
          title: last ? localized(last.purpose.title, page.lang) : { text: json.consent.purpose, lang: page.lang },
          notice: last?.notice,
          changes: [...json.changes].reverse(),
        }),
      );
    });
  }

  @Get(':consentId/kvitto')
  @Public()
  receipt(@Req() req: Request, @Res() res: Response, @Param('consentId') id: string): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ session }) => {
      if (!ID.test(id)) throw Problems.notFound('The consent');
      const file = await this.api.as<unknown>(req, session, 'rights', 'GET', `/v1/consents/${id}/receipt`);
      res.setHeader('Content-Type', file.headers.get('content-type') ?? 'application/jose');
      res.setHeader('Content-Disposition', file.headers.get('content-disposition') ?? `attachment; filename="consent-receipt-${id}.jws"`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.raw);
    });
  }

  /** Give or withdraw: the same form, the same single step. */
  private change(req: Request, res: Response, action: 'give' | 'withdraw', form: { notice?: string; purpose?: string }): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      const { notice, purpose } = form;
      if (typeof notice !== 'string' || !SLUG.test(notice) || typeof purpose !== 'string' || !SLUG.test(purpose))
        throw Problems.validation([{ field: 'purpose', messages: ['the form names no purpose'] }]);
      let result: { id: string; changed: boolean };
      try {
        ({ json: result } = await this.api.as<{ id: string; changed: boolean }>(
          req,
          locals.session,
          'rights',
          'POST',
          `/v1/consents/${action}`,
          {
            notice,
            purpose,
            language: locals.page.lang,
          },
        ));
      } catch (err) {
        const refusal = rightsRefusal(err, locals.page.lang);
        if (!refusal) throw err;
        return this.show(req, res, locals, { error: refusal, errorAt: `${notice}/${purpose}`, status: 422 });
      }
      const done = !result.changed ? 'unchanged' : action === 'give' ? 'given' : 'withdrawn';
      res.redirect(303, `/samtycken?klart=${done}&samtycke=${encodeURIComponent(result.id)}#p-${notice}-${purpose}`);
    });
  }

  private async show(
    req: Request,
    res: Response,
    { page, session }: PortalLocals,
    extra: { done?: string; changedId?: string; error?: string; errorAt?: string; status?: number },
  ): Promise<void> {
    const { json } = await this.api.as<ConsentList>(req, session, 'rights', 'GET', '/v1/consents');
    const groups = new Map<string, { slug: string; title: Text; version: number; purposes: OfferedPurpose[] }>();
    for (const p of json.purposes) {
      const g = groups.get(p.notice.slug) ?? { slug: p.notice.slug, title: p.notice.title, version: p.notice.version, purposes: [] };
      g.purposes.push(p);
      groups.set(p.notice.slug, g);
    }
    // A former consent's titles come from its history (the notice that offered it may be gone).
    const former = await Promise.all(
      json.formerConsents.map(async (f) => {
        const h = await this.api
          .as<History>(req, session, 'rights', 'GET', `/v1/consents/${f.consentId}/history`)
          .then((r) => r.json.changes[r.json.changes.length - 1])
          .catch(() => undefined);
        return { ...f, title: h?.purpose.title ?? { sv: f.purpose }, noticeTitle: h?.notice.title ?? { sv: f.notice } };
      }),
    );
    const changed = extra.changedId
      ? (json.purposes.find((p) => p.consent?.consentId === extra.changedId)?.purpose.title ??
        former.find((f) => f.consentId === extra.changedId)?.title)
      : undefined;
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(
        this.views.render('pages/consents.njk', page, {
          groups: [...groups.values()],
          former,
          done: extra.done,
          changedPurpose: changed ? localized(changed, page.lang).text : '',
          error: extra.error,
          errorAt: extra.errorAt,
        }),
      );
  }
}
