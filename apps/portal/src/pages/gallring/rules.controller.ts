import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import type { Lang } from '../../web/i18n.js';
import { translate } from '../../web/i18n.js';
import { RETENTION_READER_ROLES } from '../../web/official-areas.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { officialPage, refusalText } from '../signed-in.js';
import {
  actionText,
  actorOfToken,
  decisionText,
  holdsRole,
  performerText,
  RULE_APPROVER_ROLES,
  RULE_REJECTER_ROLES,
  RULE_WRITER_ROLES,
  RUN_STARTER_ROLES,
  scheduleText,
  selectionText,
  typeText,
} from './gallring-text.js';
import { CURSOR, nextCursor, pageOrFirst } from './paging.js';
import {
  dateTime,
  DISPOSITIONS,
  type Forecast,
  type ForecastItem,
  ROWS,
  type RuleSummary,
  type RuleView,
  runLine,
  type RunView,
  text,
} from './rule-views.js';
import { unitNames } from './unit-names.js';

/** Rule and run ids as the retention service makes them (slugs; UUIDs). */
const RULE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const RUN_ID = /^[A-Za-z0-9_-]{8,100}$/;
/** Conversations a page of the forecast's items lists. */
const ITEMS_PAGE = 50;
/** How many runs a rule's page lists. */
const RULE_RUNS = 10;
/** The longest reason the retention service keeps for a rejection or a retirement. */
const REASON_MAX = 500;
/** What the rule page says after an action (`?klart=`), and the catalogue id of its words. */
const DONE = {
  begard: 'gallring.done.submitted',
  godkand: 'gallring.done.approved',
  avslagen: 'gallring.done.rejected',
  avvecklad: 'gallring.done.retired',
  skapad: 'gallring.done.created',
  sparad: 'gallring.done.saved',
};

interface FormError {
  field: string;
  text: string;
}

/** What the rule page shows besides the rule: a form's errors and values, the status to answer with, a done message. */
interface RuleForm {
  error?: string;
  status?: number;
  errors?: FormError[];
  values?: Record<string, string>;
  done?: string;
}
/**
 * Gallring for those who answer for it (retention-admin, dpo, archivist): the rules with the
 * gallringsbeslut each version cites, a rule's forecast and latest runs, starting a run by hand
 * (retention-admin, as the retention service allows), and the runs with their progress while they work.
 * The retention service decides what her token may do; the pages offer only what her roles allow.
 */
@ApiExcludeController()
@Controller('tjanst/gallring')
export class GallringRulesController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get()
  @Public()
  rules(@Req() req: Request, @Res() res: Response): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async ({ page, session }) => {
      const [{ json }, units] = await Promise.all([
        this.api.as<RuleSummary[]>(req, session, 'retention', 'GET', '/v1/rules'),
        unitNames(this.api, req, session),
      ]);
      const lang = page.lang;
      const rules = [...json]
        .sort((a, b) => a.ruleId.localeCompare(b.ruleId))
        .map((r) => ({
          ...r,
          unitName: units.get(r.unit) ?? r.unit,
          typeName: typeText(r.informationType, lang),
          what: r.active ? actionText(r.active, lang) : '',
          decision: decisionText(r.active?.decision, lang),
        }));
      const mayCreate = holdsRole(session.user?.roles, RULE_WRITER_ROLES);
      res.type('html').send(this.views.render('pages/gallring-rules.njk', page, { rules, mayCreate }));
    });
  }

  @Get('regler/:ruleId')
  @Public()
  rule(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string, @Query('klart') done?: string): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async (locals) => {
      if (!RULE_ID.test(ruleId)) throw Problems.notFound('The rule');
      await this.showRule(req, res, locals, ruleId, done && Object.hasOwn(DONE, done) ? { done } : {});
    });
  }

  /** The conversations behind one count of the forecast (a row, and what a run would do with them), a page at a time. */
  @Get('regler/:ruleId/prognos')
  @Public()
  forecastItems(
    @Req() req: Request,
    @Res() res: Response,
    @Param('ruleId') ruleId: string,
    @Query('rad') row?: string,
    @Query('visa') disposition?: string,
    @Query('sida') cursor?: string,
  ): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async ({ page, session }) => {
      if (!RULE_ID.test(ruleId)) throw Problems.notFound('The rule');
      const lang = page.lang;
      const rad = ROWS.find((r) => r === row) ?? 'now';
      const visa = DISPOSITIONS.find((d) => d === disposition);
      const here = `/tjanst/gallring/regler/${ruleId}/prognos`;
      const filters = `rad=${rad}${visa ? `&visa=${visa}` : ''}`;
      const query =
        cursor && CURSOR.test(cursor)
          ? `cursor=${cursor}&limit=${ITEMS_PAGE}`
          : `row=${rad}${visa ? `&disposition=${visa}` : ''}&limit=${ITEMS_PAGE}`;
      const [read, { json: rule }, units] = await Promise.all([
        pageOrFirst(res, `${here}?${filters}`, () =>
          this.api.as<ForecastItem[]>(req, session, 'retention', 'GET', `/v1/rules/${ruleId}/forecast/items?${query}`),
        ),
        this.api.as<RuleView>(req, session, 'retention', 'GET', `/v1/rules/${ruleId}`),
        unitNames(this.api, req, session),
      ]);
      if (!read) return;
      const rowName = rad === 'now' ? translate(lang, 'gallring.forecast.now') : translate(lang, 'gallring.forecast.days', { days: rad });
      res.type('html').send(
        this.views.render('pages/gallring-forecast-items.njk', page, {
          rule,
          ruleName: `${typeText(rule.informationType, lang)}, ${units.get(rule.unit) ?? rule.unit}`,
          rowName,
          rad,
          visa,
          here,
          filters,
          dispositions: DISPOSITIONS,
          paged: !!cursor,
          items: read.json,
          next: nextCursor(read.headers),
        }),
      );
    });
  }

  /** Submits the draft for a second person's approval (retention-admin; four-eyes, ADR 0024). */
  @Post('regler/:ruleId/begar')
  @Public()
  submit(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string, @Body() body: Record<string, unknown> = {}) {
    return this.act(req, res, ruleId, RULE_WRITER_ROLES, 'begard', 'submit', body, (version) => ({
      path: `/v1/rules/${ruleId}/versions/${version}/activate`,
    }));
  }

  /** Approves the submitted version (dpo, retention-approver): it applies at once. Never the requester's own (the service's 403). */
  @Post('regler/:ruleId/godkann')
  @Public()
  approve(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string, @Body() body: Record<string, unknown> = {}) {
    return this.act(req, res, ruleId, RULE_APPROVER_ROLES, 'godkand', 'approve', body, (version) => ({
      path: `/v1/rules/${ruleId}/versions/${version}/approve`,
    }));
  }

  /** Rejects the submitted version with a reason (the approvers, or a writer withdrawing it). */
  @Post('regler/:ruleId/avsla')
  @Public()
  reject(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string, @Body() body: Record<string, unknown> = {}) {
    return this.act(req, res, ruleId, RULE_REJECTER_ROLES, 'avslagen', 'rejectReason', body, (version, lang) => {
      const reason = text(body.rejectReason);
      if (!reason || reason.length > REASON_MAX)
        return [{ field: 'rejectReason', text: translate(lang, 'gallring.error.reason', { max: REASON_MAX }) }];
      return { path: `/v1/rules/${ruleId}/versions/${version}/reject`, body: { reason } };
    });
  }

  /** Retires the rule with a reason, after a confirmation (retention-admin alone: it deletes nothing, ADR 0024). */
  @Post('regler/:ruleId/avveckla')
  @Public()
  retire(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string, @Body() body: Record<string, unknown> = {}) {
    return this.act(req, res, ruleId, RULE_WRITER_ROLES, 'avvecklad', 'retireReason', body, (_version, lang) => {
      const reason = text(body.retireReason);
      const errors: FormError[] = [];
      if (!reason || reason.length > REASON_MAX)
        errors.push({ field: 'retireReason', text: translate(lang, 'gallring.error.reason', { max: REASON_MAX }) });
      if (body.confirm !== 'yes') errors.push({ field: 'retireConfirm', text: translate(lang, 'gallring.error.confirmRetire') });
      return errors.length ? errors : { path: `/v1/rules/${ruleId}/retire`, body: { reason } };
    });
  }

  /**
   * One of the rule's actions: the form checked (`plan` returns its errors, or the call to make), the
   * retention service called, and the rule's page again: with what was done, or with the service's
   * refusal beside the form (`field`), e.g. a requester approving her own version (403).
   */
  private act(
    req: Request,
    res: Response,
    ruleId: string,
    roles: readonly string[],
    done: keyof typeof DONE,
    field: string,
    body: Record<string, unknown>,
    plan: (version: number, lang: Lang) => { path: string; body?: object } | FormError[],
  ): Promise<void> {
    return officialPage(req, res, this.sessions, roles, async (locals) => {
      if (!RULE_ID.test(ruleId)) throw Problems.notFound('The rule');
      const lang = locals.page.lang;
      const values = { rejectReason: text(body.rejectReason), retireReason: text(body.retireReason) };
      const version = Number(text(body.version) || '0');
      const call = plan(Number.isInteger(version) && version > 0 ? version : 0, lang);
      if (Array.isArray(call)) return this.showRule(req, res, locals, ruleId, { errors: call, values, status: 400 });
      if (call.path.includes('/versions/0/')) throw Problems.notFound('The version');
      try {
        await this.api.as(req, locals.session, 'retention', 'POST', call.path, call.body ?? {});
      } catch (err) {
        if (!(err instanceof BackendError && [403, 409, 412, 422, 428].includes(err.status))) throw err;
        const said =
          err.status === 403 && /four-eyes$/.test(String(err.problem?.type ?? ''))
            ? translate(lang, 'gallring.error.fourEyes')
            : (refusalText(err) ?? err.problem?.detail ?? '');
        return this.showRule(req, res, locals, ruleId, { errors: [{ field, text: said }], values, status: err.status });
      }
      res.redirect(303, `/tjanst/gallring/regler/${ruleId}?klart=${done}`);
    });
  }

  /** Starts a run of the rule's active version now (retention-admin); its page follows the progress. */
  @Post('regler/:ruleId/korning')
  @Public()
  start(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string): Promise<void> {
    return officialPage(req, res, this.sessions, RUN_STARTER_ROLES, async (locals) => {
      if (!RULE_ID.test(ruleId)) throw Problems.notFound('The rule');
      let runId: string;
      try {
        runId = (await this.api.as<{ runId: string }>(req, locals.session, 'retention', 'POST', `/v1/rules/${ruleId}/runs`)).json.runId;
      } catch (err) {
        // A run under way (409), or a rule that cannot run (422: it keeps forever): said on the rule's page.
        if (!(err instanceof BackendError && (err.status === 409 || err.status === 422))) throw err;
        const error = err.status === 409 ? translate(locals.page.lang, 'gallring.start.inProgress') : (err.problem?.detail ?? '');
        return this.showRule(req, res, locals, ruleId, { error, status: err.status });
      }
      res.redirect(303, `/tjanst/gallring/korningar/${runId}?klart=startad`);
    });
  }

  @Get('korningar')
  @Public()
  runs(@Req() req: Request, @Res() res: Response, @Query('sida') cursor?: string): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async ({ page, session }) => {
      const query = cursor && CURSOR.test(cursor) ? `?cursor=${encodeURIComponent(cursor)}` : '?limit=50';
      const read = await pageOrFirst(res, '/tjanst/gallring/korningar', () =>
        this.api.as<RunView[]>(req, session, 'retention', 'GET', `/v1/runs${query}`),
      );
      if (!read) return;
      const { json, headers } = read;
      const runs = json.map((r) => runLine(r, page.lang));
      res.type('html').send(this.views.render('pages/gallring-runs.njk', page, { runs, next: nextCursor(headers) }));
    });
  }

  @Get('korningar/:runId')
  @Public()
  run(@Req() req: Request, @Res() res: Response, @Param('runId') runId: string, @Query('klart') done?: string): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async ({ page, session }) => {
      if (!RUN_ID.test(runId)) throw Problems.notFound('The run');
      const [{ json: run }, units] = await Promise.all([
        this.api.as<RunView>(req, session, 'retention', 'GET', `/v1/runs/${runId}`),
        unitNames(this.api, req, session),
      ]);
      res.type('html').send(
        this.views.render('pages/gallring-run.njk', page, {
          run: runLine(run, page.lang),
          ruleName: `${typeText(run.selection.informationType, page.lang)}, ${units.get(run.selection.unit) ?? run.selection.unit}`,
          selection: selectionText({ ...run.selection, unitName: units.get(run.selection.unit) ?? run.selection.unit }, page.lang),
          decision: decisionText(run.decision, page.lang),
          started: done === 'startad',
        }),
      );
    });
  }

  private async showRule(req: Request, res: Response, { page, session }: PortalLocals, ruleId: string, form: RuleForm = {}) {
    const lang = page.lang;
    const [{ json: rule }, units, forecast, { json: runs }, me] = await Promise.all([
      this.api.as<RuleView>(req, session, 'retention', 'GET', `/v1/rules/${ruleId}`),
      unitNames(this.api, req, session),
      this.forecast(req, { page, session }, ruleId),
      this.api.as<RunView[]>(req, session, 'retention', 'GET', `/v1/runs?ruleId=${ruleId}&limit=${RULE_RUNS}`),
      this.api.accessToken(req, session).then(actorOfToken),
    ]);
    const roles = session.user?.roles;
    const approval = rule.approval ?? null;
    const mine = !!approval && !!me && approval.requestedBy === me;
    const retired = rule.retired ?? null;
    const errors = form.errors ?? [];
    const versions = [...rule.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        ...v,
        what: actionText(v, lang),
        when: v.schedule ? scheduleText(v.schedule, lang) : '',
        activatedByText: performerText(v.activatedBy, v.approvedByName, lang),
        requestedByText: v.requestedBy ? performerText(v.requestedBy, v.requestedByName, lang) : '',
        decisionComplete: decisionText(v.decision, lang) !== translate(lang, 'gallring.decision.missing'),
      }));
    res
      .status(form.status ?? 200)
      .type('html')
      .send(
        this.views.render('pages/gallring-rule.njk', page, {
          rule,
          unitName: units.get(rule.unit) ?? rule.unit,
          typeName: typeText(rule.informationType, lang),
          versions,
          forecast,
          runs: runs.map((r) => runLine(r, lang)),
          mayStart: holdsRole(roles, RUN_STARTER_ROLES) && rule.activeVersion !== null,
          approval: approval && {
            ...approval,
            text: translate(lang, 'gallring.approval.pending', {
              version: approval.version,
              date: dateTime(approval.requestedAt, lang),
              who: performerText(approval.requestedBy, approval.requestedByName, lang),
            }),
          },
          mine,
          rejection:
            rule.lastRejection &&
            translate(lang, 'gallring.approval.rejected', {
              version: rule.lastRejection.version,
              date: dateTime(rule.lastRejection.rejectedAt, lang),
              who: performerText(rule.lastRejection.rejectedBy, rule.lastRejection.rejectedByName, lang),
              reason: rule.lastRejection.reason,
            }),
          retiredText:
            retired &&
            translate(lang, 'gallring.retired.text', {
              date: dateTime(retired.at, lang),
              who: performerText(retired.by, retired.byName, lang),
              reason: retired.reason,
            }),
          maySubmit: !retired && !approval && rule.draftVersion !== null && holdsRole(roles, RULE_WRITER_ROLES),
          mayApprove: !retired && !!approval && !mine && holdsRole(roles, RULE_APPROVER_ROLES),
          mayReject: !retired && !!approval && holdsRole(roles, RULE_REJECTER_ROLES),
          mayRetire: !retired && holdsRole(roles, RULE_WRITER_ROLES),
          // The editor: the draft as read, or a new version of the active one (the service refuses a second draft).
          mayEdit: !retired && holdsRole(roles, RULE_WRITER_ROLES) && (rule.draftVersion !== null || rule.activeVersion !== null),
          reasonMax: REASON_MAX,
          error: form.error,
          errors,
          errorOf: Object.fromEntries(errors.map((e) => [e.field, e.text])),
          fieldIds: {
            submit: 'submit-button',
            approve: 'approve-button',
            rejectReason: 'rejectReason',
            retireReason: 'retireReason',
            retireConfirm: 'retireConfirm',
          },
          values: form.values ?? {},
          done: form.done ? translate(lang, DONE[form.done as keyof typeof DONE]) : undefined,
        }),
      );
  }

  /** The forecast of the active version; none when the rule has no active version or keeps forever (the service says so with a 4xx). */
  private async forecast(req: Request, { session }: Pick<PortalLocals, 'session' | 'page'>, ruleId: string): Promise<Forecast | undefined> {
    try {
      return (await this.api.as<Forecast>(req, session, 'retention', 'GET', `/v1/rules/${ruleId}/forecast`)).json;
    } catch (err) {
      if (err instanceof BackendError && (err.status === 404 || err.status === 409 || err.status === 422)) return undefined;
      throw err;
    }
  }
}
