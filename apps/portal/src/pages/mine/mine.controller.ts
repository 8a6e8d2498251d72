import { Controller, Get, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendUnavailable } from '../../backends/backend-error.js';
import type { PortalEnv } from '../../config/portal-env.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, translate } from '../../web/i18n.js';
import { Views } from '../../web/views.js';
import { citizenPage } from '../signed-in.js';

type Text = { sv: string; en?: string };
interface Notice {
  id: string;
  title: Text;
  purposes?: Text[];
  legalBasisGroups?: { context: Text; bases: { code: string }[] }[];
  retention?: { text: Text }[];
  rights?: Record<string, { applies: boolean; article: string }>;
}

const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const;

/**
 * Mina behandlingar: the notices that concern the signed-in person, derived from what the services hold
 * about her (her conversations bring the secure-messages notice; a consent or a request brings its own),
 * each with why it concerns her, its purposes, bases, retention and the rights its bases give.
 */
@ApiExcludeController()
@Controller('mina-behandlingar')
export class MineController {
  private readonly serviceNotices: Record<string, string>;

  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
    config: ConfigService<PortalEnv, true>,
  ) {
    this.serviceNotices = JSON.parse(config.get('PORTAL_SERVICE_NOTICES', { infer: true })) as Record<string, string>;
  }

  @Get()
  @Public()
  mine(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async ({ page, session }) => {
      const lang = page.lang;
      // Her token first (refreshed once, for all three calls): without identity nothing here can be shown.
      await this.api.accessToken(req, session);
      // Then each service on its own: one that is down leaves a note, and the rest of the page still shows.
      const [conversationsOf, consentsOf, requestsOf] = await Promise.allSettled([
        this.api.allAs<{ unitName: string }>(req, session, 'messages', '/v1/conversations'),
        this.api
          .as<{ purposes: { notice: { slug: string }; purpose: { title: Text }; status: string }[] }>(
            req,
            session,
            'rights',
            'GET',
            '/v1/consents',
          )
          .then((r) => r.json.purposes),
        this.api
          .as<{ kind: string; status: string; notice: { slug: string } }[]>(req, session, 'rights', 'GET', '/v1/requests')
          .then((r) => r.json),
      ]);
      const unavailable = new Set<string>();
      const settled = <T>(result: PromiseSettledResult<T[]>, part: string): T[] => {
        if (result.status === 'fulfilled') return result.value;
        if (!(result.reason instanceof BackendUnavailable)) throw result.reason;
        unavailable.add(part);
        return [];
      };
      const conversations = settled(conversationsOf, 'messages');
      const consents = settled(consentsOf, 'rights');
      const requests = settled(requestsOf, 'rights');
      const why = new Map<string, string[]>();
      const add = (slug: string | undefined, reason: string) => {
        if (slug) why.set(slug, [...(why.get(slug) ?? []), reason]);
      };
      if (conversations.length > 0)
        add(
          this.serviceNotices.messages,
          translate(lang, 'mine.why.messages', {
            count: conversations.length,
            units: [...new Set(conversations.map((c) => c.unitName))].join(', '),
          }),
        );
      const given = consents.filter((c) => c.status === 'given');
      for (const slug of new Set(given.map((c) => c.notice.slug)))
        add(
          slug,
          translate(lang, 'mine.why.consent', {
            purposes: given
              .filter((c) => c.notice.slug === slug)
              .map((c) => text(c.purpose.title, lang))
              .join(', '),
          }),
        );
      for (const r of requests.filter((x) => x.status === 'open'))
        add(r.notice.slug, translate(lang, 'mine.why.request', { kind: translate(lang, `right.${r.kind}`) }));

      const notices = (
        await Promise.all(
          [...why.keys()].map((slug) =>
            this.api.public<Notice>('notice', `/v1/notices/${encodeURIComponent(slug)}`).catch((err: unknown) => {
              if (err instanceof BackendUnavailable) unavailable.add('notice');
              return undefined; // withdrawn meanwhile: not shown
            }),
          ),
        )
      ).filter((n): n is Notice => n !== undefined);
      res.type('html').send(
        this.views.render('pages/mine.njk', page, {
          processings: notices.map((n) => ({
            slug: n.id,
            title: n.title,
            why: why.get(n.id) ?? [],
            purposes: n.purposes ?? [],
            bases: (n.legalBasisGroups ?? []).map((g) => ({ context: g.context, codes: g.bases.map((b) => b.code).join(', ') })),
            retention: (n.retention ?? []).map((r) => r.text),
            rights: RIGHTS.filter((r) => n.rights?.[r]?.applies).map((r) => ({ right: r, article: n.rights![r]!.article })),
          })),
          name: session.user?.name,
          unavailable: [...unavailable].map((part) => translate(lang, `mine.unavailable.${part}`)),
        }),
      );
    });
  }
}

const text = (t: Text, lang: Lang) => (lang === 'en' && t.en ? t.en : t.sv);
