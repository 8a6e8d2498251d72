import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { isPersonnummer } from '@insyn/person';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, translate } from '../../web/i18n.js';
import { HANDLER_ROLES, HOLD_READER_ROLES, RETENTION_READER_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { officialPage, refusalText } from '../signed-in.js';
import { actorText, HOLD_RELEASER_ROLES, HOLD_WRITER_ROLES, holdsRole } from './gallring-text.js';
import { CURSOR, nextCursor, pageOrFirst } from './paging.js';
import { unitNames } from './unit-names.js';

const HOLD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SCOPES = ['person', 'conversation', 'unit', 'rule'] as const;
const REASONS = ['public-records-request', 'data-subject-request', 'litigation', 'supervisory-case', 'other'] as const;
/** The retention service's longest note. */
const NOTE_MAX = 500;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DONE = ['satt', 'havt'];

interface Actor {
  kind: string;
  id: string;
}

interface HoldView {
  holdId: string;
  scope: (typeof SCOPES)[number];
  target: string;
  reason: string;
  note?: string;
  setBy: Actor;
  setAt: string;
  reviewAt: string;
  reviewOverdue: boolean;
  active: boolean;
  releasedAt?: string;
  releasedBy?: Actor;
  releaseNote?: string;
  source?: { type: string; requestId: string };
}

type Field = 'scope' | 'personnummer' | 'target' | 'reason' | 'note' | 'reviewAt' | 'confirm';
interface FormError {
  field: Field;
  text: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Gallringsstopp (legal holds): the active and the released ones, each named so that an official knows it —
 * by the case or reference she gave, the request it comes from, the unit by its name — never by a subject
 * key; placing one (retention-admin, registrator) on a person by personnummer (which only the retention
 * service turns into its key), a conversation, a unit or a rule; releasing one after a confirmation
 * (the writers; the dpo the holds of data-subject requests, with a note). The retention service checks
 * each of these again.
 */
@ApiExcludeController()
@Controller('tjanst/gallringsstopp')
export class GallringHoldsController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('visa') show?: string,
    @Query('sida') cursor?: string,
    @Query('klart') done?: string,
  ): Promise<void> {
    return officialPage(req, res, this.sessions, HOLD_READER_ROLES, async (locals) => {
      const released = show === 'havda';
      await this.showList(req, res, locals, { released, cursor, done: done && DONE.includes(done) ? done : undefined });
    });
  }

  @Post()
  @Public()
  place(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown> = {}): Promise<void> {
    return officialPage(req, res, this.sessions, HOLD_WRITER_ROLES, async (locals) => {
      const lang = locals.page.lang;
      const values = {
        scope: text(body.scope),
        target: text(body.target),
        reason: text(body.reason),
        note: text(body.note),
        reviewAt: text(body.reviewAt),
      };
      // The personnummer is never shown again: a refused form asks for it anew.
      const personnummer = text(body.personnummer);
      const errors: FormError[] = [];
      const scope = SCOPES.find((s) => s === values.scope);
      if (!scope) errors.push({ field: 'scope', text: translate(lang, 'gallring.error.chooseScope') });
      if (scope === 'person' && !isPersonnummer(personnummer))
        errors.push({ field: 'personnummer', text: translate(lang, 'gallring.error.personnummer') });
      if (scope && scope !== 'person' && !values.target) errors.push({ field: 'target', text: translate(lang, 'gallring.error.target') });
      if (!(REASONS as readonly string[]).includes(values.reason))
        errors.push({ field: 'reason', text: translate(lang, 'gallring.error.chooseReason') });
      // The reference is what makes a hold recognisable in the list: the portal asks for it every time.
      if (!values.note || values.note.length > NOTE_MAX)
        errors.push({ field: 'note', text: translate(lang, 'gallring.error.reference', { max: NOTE_MAX }) });
      const reviewAt = reviewInstant(values.reviewAt, this.clock.now());
      if (!reviewAt) errors.push({ field: 'reviewAt', text: translate(lang, 'gallring.error.reviewAt') });
      if (errors.length) return this.showList(req, res, locals, { values, errors, status: 400 });
      try {
        await this.api.as(req, locals.session, 'retention', 'POST', '/v1/holds', {
          scope,
          ...(scope === 'person' ? { personnummer } : { target: values.target }),
          reason: values.reason,
          note: values.note,
          reviewAt,
        });
      } catch (err) {
        const refused = refusalOf(err, lang, 'target');
        if (!refused) throw err;
        return this.showList(req, res, locals, { values, errors: [refused], status: (err as BackendError).status });
      }
      res.redirect(303, '/tjanst/gallringsstopp?klart=satt');
    });
  }

  @Get(':holdId')
  @Public()
  one(@Req() req: Request, @Res() res: Response, @Param('holdId') id: string): Promise<void> {
    return officialPage(req, res, this.sessions, HOLD_READER_ROLES, async (locals) => {
      if (!HOLD_ID.test(id)) throw Problems.notFound('The hold');
      await this.showHold(req, res, locals, id, {});
    });
  }

  @Post(':holdId/hav')
  @Public()
  release(
    @Req() req: Request,
    @Res() res: Response,
    @Param('holdId') id: string,
    @Body() body: Record<string, unknown> = {},
  ): Promise<void> {
    return officialPage(req, res, this.sessions, HOLD_RELEASER_ROLES, async (locals) => {
      if (!HOLD_ID.test(id)) throw Problems.notFound('The hold');
      const lang = locals.page.lang;
      const note = text(body.note);
      const errors: FormError[] = [];
      if (body.confirm !== 'yes') errors.push({ field: 'confirm', text: translate(lang, 'gallring.error.confirm') });
      if (note.length > NOTE_MAX) errors.push({ field: 'note', text: translate(lang, 'gallring.error.note', { max: NOTE_MAX }) });
      if (errors.length) return this.showHold(req, res, locals, id, { note, errors, status: 400 });
      try {
        await this.api.as(req, locals.session, 'retention', 'POST', `/v1/holds/${id}/release`, note ? { note } : {});
      } catch (err) {
        // A DPO may release only a request's hold: the service's 403 is said beside the form, not as a 403 page.
        if (err instanceof BackendError && err.status === 403)
          return this.showHold(req, res, locals, id, {
            note,
            errors: [{ field: 'confirm', text: translate(lang, 'gallring.hold.cannotRelease') }],
            status: 403,
          });
        const refused = refusalOf(err, lang, 'note');
        if (!refused) throw err;
        return this.showHold(req, res, locals, id, { note, errors: [refused], status: (err as BackendError).status });
      }
      res.redirect(303, '/tjanst/gallringsstopp?visa=havda&klart=havt');
    });
  }

  private async showList(
    req: Request,
    res: Response,
    { page, session }: PortalLocals,
    state: { released?: boolean; cursor?: string; done?: string; values?: Record<string, string>; errors?: FormError[]; status?: number },
  ): Promise<void> {
    const query =
      state.cursor && CURSOR.test(state.cursor) ? `cursor=${state.cursor}` : `status=${state.released ? 'released' : 'active'}&limit=50`;
    const [read, units] = await Promise.all([
      pageOrFirst(res, '/tjanst/gallringsstopp', () => this.api.as<HoldView[]>(req, session, 'retention', 'GET', `/v1/holds?${query}`)),
      unitNames(this.api, req, session),
    ]);
    if (!read) return;
    const { json, headers } = read;
    const roles = session.user?.roles;
    const holds = json.map((h) => ({
      ...holdLine(h, page.lang, units, roles),
      mayRelease: h.active && holdsRole(roles, HOLD_RELEASER_ROLES),
    }));
    const errors = state.errors ?? [];
    res
      .status(state.status ?? 200)
      .type('html')
      .send(
        this.views.render('pages/gallring-holds.njk', page, {
          holds,
          released: state.released ?? false,
          next: nextCursor(headers),
          done: state.done,
          mayPlace: holdsRole(roles, HOLD_WRITER_ROLES),
          readsGallring: holdsRole(roles, RETENTION_READER_ROLES),
          scopes: SCOPES,
          reasons: REASONS,
          noteMax: NOTE_MAX,
          values: state.values ?? {},
          errors,
          errorOf: Object.fromEntries(errors.map((e) => [e.field, e.text])),
          fieldIds: {
            scope: 'scope-person',
            reason: 'reason',
            note: 'note',
            reviewAt: 'reviewAt',
            personnummer: 'personnummer',
            target: 'target',
          },
        }),
      );
  }

  private async showHold(
    req: Request,
    res: Response,
    { page, session }: PortalLocals,
    id: string,
    state: { note?: string; errors?: FormError[]; status?: number },
  ): Promise<void> {
    const [{ json }, units] = await Promise.all([
      this.api.as<HoldView>(req, session, 'retention', 'GET', `/v1/holds/${id}`),
      unitNames(this.api, req, session),
    ]);
    const roles = session.user?.roles;
    const errors = state.errors ?? [];
    res
      .status(state.status ?? 200)
      .type('html')
      .send(
        this.views.render('pages/gallring-hold.njk', page, {
          h: holdLine(json, page.lang, units, roles),
          mayRelease: json.active && holdsRole(roles, HOLD_RELEASER_ROLES),
          readsGallring: holdsRole(roles, RETENTION_READER_ROLES),
          noteMax: NOTE_MAX,
          note: state.note ?? '',
          errors,
          errorOf: Object.fromEntries(errors.map((e) => [e.field, e.text])),
          fieldIds: { confirm: 'confirm', note: 'note' },
        }),
      );
  }
}

/**
 * A hold as an official recognises it: what it covers in words (a person, never her subject key; a unit
 * by its name), and its reference — the case or diarienummer given when it was set, or the data-subject
 * request it comes from (a link to the request for those who handle requests).
 */
function holdLine(h: HoldView, lang: Lang, units: Map<string, string>, roles: readonly string[] | undefined) {
  const covers =
    h.scope === 'person'
      ? translate(lang, 'gallring.covers.person')
      : h.scope === 'unit'
        ? translate(lang, 'gallring.covers.unit', { name: units.get(h.target) ?? h.target })
        : translate(lang, `gallring.covers.${h.scope}`, { id: h.target });
  const request = h.source?.type === 'rights-request' ? h.source.requestId : undefined;
  return {
    holdId: h.holdId,
    scope: h.scope,
    covers,
    ruleHref: h.scope === 'rule' ? `/tjanst/gallring/regler/${h.target}` : undefined,
    reference: h.note ?? (request ? translate(lang, 'gallring.hold.request') : translate(lang, 'gallring.hold.noReference')),
    requestHref: request && holdsRole(roles, HANDLER_ROLES) ? `/tjanst/begaranden/${request}` : undefined,
    reason: translate(lang, `gallring.reason.${h.reason}`),
    setAt: h.setAt,
    setBy: actorText(h.setBy, lang),
    reviewAt: h.reviewAt,
    reviewOverdue: h.reviewOverdue,
    active: h.active,
    releasedAt: h.releasedAt,
    releasedBy: actorText(h.releasedBy, lang),
    releaseNote: h.releaseNote,
  };
}

/** The review date (a day, from the date field) as the instant the retention service takes: after today, at most a year ahead. */
export function reviewInstant(day: string, now: Date): string | undefined {
  if (!DAY.test(day)) return undefined;
  const at = new Date(`${day}T00:00:00.000Z`);
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  // A day that does not exist (30 February) is not rolled over into March.
  if (
    Number.isNaN(at.getTime()) ||
    at.toISOString().slice(0, 10) !== day ||
    at.getTime() <= now.getTime() ||
    at.getTime() > limit.getTime()
  )
    return undefined;
  return at.toISOString();
}

/** The retention service's refusal of a form as an error beside a field: a hold that exists already in words, the rest as it says. */
function refusalOf(err: unknown, lang: Lang, field: Field): FormError | undefined {
  if (err instanceof BackendError && err.status === 409 && err.problem?.existingHoldId)
    return { field, text: translate(lang, 'gallring.error.exists') };
  const refused = refusalText(err);
  return refused ? { field, text: refused } : undefined;
}
