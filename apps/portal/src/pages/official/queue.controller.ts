import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import { HANDLER_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { type RequestView, serviceName } from '../rights/requests.controller.js';
import { officialPage, refusalText } from '../signed-in.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const SERVICE = /^[a-z][a-z0-9-]{1,40}$/;
export const OUTCOMES = ['done', 'partly-done', 'refused', 'not-applicable'] as const;
const MAX_TEXT = 2000;
const MIN_REASON = 10;

/** A request as the rights service shows it to the officials handling it: the person's view and what handling needs. */
interface QueuedRequest extends RequestView {
  details?: string;
  overdue: boolean;
  missing: string[];
  partDetails: { service: string; receivedAt: string; recordCount: number; serviceDecision?: { outcome: string; legalReason: string } }[];
}

interface LegalGround {
  code: string;
  sv: string;
  en: string;
  law: string;
}

type Field = 'outcome' | 'ground' | 'note' | 'months' | 'reason' | 'answer';
interface FormError {
  field: Field;
  text: string;
}

/** What the request's page shows after a refused form: which form, what was typed, what went wrong. */
interface FormState {
  form?: 'decide' | 'extend' | 'answer';
  service?: string;
  values?: Record<string, string>;
  errors?: FormError[];
  status?: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The requests queue (rights-handler, dpo): open data-subject requests by due date, overdue first and
 * marked; one request with its parts; each part decided with a legal ground from the rights service's
 * list; an extension by one or two months with a reason; the answer once every part is in and decided.
 * A refused form comes back with the error beside its field; the rights service's rules stay its own.
 */
@ApiExcludeController()
@Controller('tjanst/begaranden')
export class QueuePageController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  list(@Req() req: Request, @Res() res: Response): Promise<void> {
    return officialPage(req, res, this.sessions, HANDLER_ROLES, async ({ page, session }) => {
      // The whole queue: it is ordered and counted here, and open requests are few (each is answered within a month or three).
      const queue = byDueDate(await this.api.allAs<QueuedRequest>(req, session, 'rights', '/v1/queue'));
      res.type('html').send(this.views.render('pages/official-queue.njk', page, { queue }));
    });
  }

  @Get(':requestId')
  @Public()
  one(@Req() req: Request, @Res() res: Response, @Param('requestId') id: string, @Query('klart') done?: string): Promise<void> {
    return officialPage(req, res, this.sessions, HANDLER_ROLES, async (locals) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      await this.show(req, res, locals, id, {}, ['beslut', 'forlangd', 'besvarad'].includes(done ?? '') ? done : undefined);
    });
  }

  @Post(':requestId/beslut')
  @Public()
  decide(
    @Req() req: Request,
    @Res() res: Response,
    @Param('requestId') id: string,
    @Body() body: Record<string, unknown> = {},
  ): Promise<void> {
    return officialPage(req, res, this.sessions, HANDLER_ROLES, async (locals) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      const lang = locals.page.lang;
      const service = text(body.service);
      if (!SERVICE.test(service)) throw Problems.notFound('The part');
      const values = { outcome: text(body.outcome), ground: text(body.ground), note: text(body.note) };
      const grounds = await this.grounds(req, locals);
      const errors: FormError[] = [];
      if (!(OUTCOMES as readonly string[]).includes(values.outcome))
        errors.push({ field: 'outcome', text: translate(lang, 'queue.decide.chooseOutcome') });
      if (!grounds.some((g) => g.code === values.ground))
        errors.push({ field: 'ground', text: translate(lang, 'queue.decide.chooseGround') });
      if (values.note.length > MAX_TEXT) errors.push({ field: 'note', text: translate(lang, 'queue.tooLong', { max: MAX_TEXT }) });
      const state: FormState = { form: 'decide', service, values };
      if (errors.length) return this.show(req, res, locals, id, { ...state, errors, status: 400 });
      try {
        await this.api.as(req, locals.session, 'rights', 'POST', `/v1/queue/${id}/decisions`, {
          decisions: [{ service, outcome: values.outcome, ground: values.ground, ...(values.note ? { note: values.note } : {}) }],
        });
      } catch (err) {
        const refused = refusalText(err);
        if (!refused) throw err;
        return this.show(req, res, locals, id, { ...state, errors: [{ field: 'ground', text: refused }], status: statusOf(err) });
      }
      res.redirect(303, `/tjanst/begaranden/${id}?klart=beslut`);
    });
  }

  @Post(':requestId/forlang')
  @Public()
  extend(
    @Req() req: Request,
    @Res() res: Response,
    @Param('requestId') id: string,
    @Body() body: Record<string, unknown> = {},
  ): Promise<void> {
    return officialPage(req, res, this.sessions, HANDLER_ROLES, async (locals) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      const lang = locals.page.lang;
      const values = { months: text(body.months), reason: text(body.reason) };
      const errors: FormError[] = [];
      if (values.months !== '1' && values.months !== '2')
        errors.push({ field: 'months', text: translate(lang, 'queue.extend.chooseMonths') });
      if (values.reason.length < MIN_REASON)
        errors.push({ field: 'reason', text: translate(lang, 'queue.extend.reasonShort', { min: MIN_REASON }) });
      if (values.reason.length > MAX_TEXT) errors.push({ field: 'reason', text: translate(lang, 'queue.tooLong', { max: MAX_TEXT }) });
      const state: FormState = { form: 'extend', values };
      if (errors.length) return this.show(req, res, locals, id, { ...state, errors, status: 400 });
      try {
        await this.api.as(req, locals.session, 'rights', 'POST', `/v1/queue/${id}/extension`, {
          months: Number(values.months),
          reason: values.reason,
        });
      } catch (err) {
        const refused = refusalText(err);
        if (!refused) throw err;
        return this.show(req, res, locals, id, { ...state, errors: [{ field: 'months', text: refused }], status: statusOf(err) });
      }
      res.redirect(303, `/tjanst/begaranden/${id}?klart=forlangd`);
    });
  }

  @Post(':requestId/besvara')
  @Public()
  answer(@Req() req: Request, @Res() res: Response, @Param('requestId') id: string): Promise<void> {
    return officialPage(req, res, this.sessions, HANDLER_ROLES, async (locals) => {
      if (!ID.test(id)) throw Problems.notFound('The request');
      try {
        await this.api.as(req, locals.session, 'rights', 'POST', `/v1/queue/${id}/answer`);
      } catch (err) {
        if (!(err instanceof BackendError && err.status === 409)) throw err;
        const errors = [{ field: 'answer' as const, text: translate(locals.page.lang, 'queue.answer.notReady') }];
        return this.show(req, res, locals, id, { form: 'answer', errors, status: 409 });
      }
      res.redirect(303, `/tjanst/begaranden/${id}?klart=besvarad`);
    });
  }

  private async show(req: Request, res: Response, locals: PortalLocals, id: string, state: FormState, done?: string): Promise<void> {
    const { page, session } = locals;
    const [{ json: r }, grounds] = await Promise.all([
      this.api.as<QueuedRequest>(req, session, 'rights', 'GET', `/v1/queue/${id}`),
      this.grounds(req, locals),
    ]);
    const decided = new Set(r.decisions.map((d) => d.service));
    const parts = [...new Set([...r.parts.expected, ...r.parts.received])].map((service) => ({
      service,
      name: serviceName(service, page.lang),
      detail: r.partDetails.find((p) => p.service === service),
      decision: r.decisions.find((d) => d.service === service),
      // A part is decided once it is in; a decision can be made again while the request is open.
      decidable: r.status === 'open' && r.parts.received.includes(service),
      decided: decided.has(service),
    }));
    const ready = r.status === 'open' && r.missing.length === 0 && r.parts.expected.every((s) => decided.has(s));
    res
      .status(state.status ?? 200)
      .type('html')
      .send(
        this.views.render('pages/official-request.njk', page, {
          r,
          parts,
          ready,
          grounds: grounds.map((g) => ({ code: g.code, text: page.lang === 'en' ? g.en : g.sv, law: g.law })),
          outcomes: OUTCOMES,
          done,
          maxText: MAX_TEXT,
          ...state,
          errors: state.errors ?? [],
          errorOf: Object.fromEntries((state.errors ?? []).map((e) => [e.field, e.text])),
        }),
      );
  }

  private async grounds(req: Request, { session }: PortalLocals): Promise<LegalGround[]> {
    return (await this.api.as<LegalGround[]>(req, session, 'rights', 'GET', '/v1/legal-grounds')).json;
  }
}

/** The queue's order: the overdue first, then by due date (ISO instants compare as text). */
export function byDueDate<T extends { overdue: boolean; dueAt: string }>(requests: T[]): T[] {
  return [...requests].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
}

const statusOf = (err: unknown) => (err instanceof BackendError && (err.status === 409 || err.status === 422) ? err.status : 400);
