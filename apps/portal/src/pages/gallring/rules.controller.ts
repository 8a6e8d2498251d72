import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { officialPage } from '../signed-in.js';
import {
  actionText,
  actorText,
  decisionText,
  type DecisionLike,
  holdsRole,
  RUN_STARTER_ROLES,
  scheduleText,
  selectionText,
  typeText,
} from './gallring-text.js';
import { CURSOR, nextCursor, pageOrFirst } from './paging.js';
import { unitNames } from './unit-names.js';

/** Rule and run ids as the retention service makes them (slugs; UUIDs). */
const RULE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const RUN_ID = /^[A-Za-z0-9_-]{8,100}$/;
/** How many runs a rule's page lists. */
const RULE_RUNS = 10;

interface VersionView {
  version: number;
  status: 'draft' | 'active' | 'superseded';
  action: string;
  trigger: string;
  after: string | null;
  preconditions: string[];
  schedule: string | null;
  decision: DecisionLike;
  activatedAt?: string;
  activatedBy?: string;
  supersededAt?: string;
}

interface RuleSummary {
  ruleId: string;
  unit: string;
  informationType: string;
  draftVersion: number | null;
  active: (Omit<VersionView, 'status' | 'version'> & { version: number }) | null;
}

interface RuleView {
  ruleId: string;
  unit: string;
  informationType: string;
  activeVersion: number | null;
  draftVersion: number | null;
  versions: VersionView[];
}

interface Counts {
  due: number;
  held: number;
  blocked: number;
}

interface Forecast {
  alreadyDue: Counts;
  windows: (Counts & { days: number })[];
}

export interface RunView {
  runId: string;
  ruleId: string;
  ruleVersion: number;
  origin: string;
  status: 'running' | 'finished';
  startedAt: string;
  finishedAt?: string;
  executedBy: string;
  approvedBy: string;
  decision: DecisionLike;
  selection: { unit: string; informationType: string; trigger: string; triggeredBefore: string; requireArchived: boolean };
  holds: { wholeHold: string | null };
  expected: number | null;
  progress: {
    chunksRequested: number;
    chunksAnswered: number;
    deleted: number;
    held: number;
    blocked: number;
    fraction: number | null;
    waiting: unknown[];
  };
  counts?: { candidates: number; held: number; blocked: number; deleted: number };
  protocolSeq?: number;
  stoppedEarly?: string;
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
      res.type('html').send(this.views.render('pages/gallring-rules.njk', page, { rules }));
    });
  }

  @Get('regler/:ruleId')
  @Public()
  rule(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async (locals) => {
      if (!RULE_ID.test(ruleId)) throw Problems.notFound('The rule');
      await this.showRule(req, res, locals, ruleId);
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

  private async showRule(
    req: Request,
    res: Response,
    { page, session }: PortalLocals,
    ruleId: string,
    form: { error?: string; status?: number } = {},
  ) {
    const lang = page.lang;
    const [{ json: rule }, units, forecast, { json: runs }] = await Promise.all([
      this.api.as<RuleView>(req, session, 'retention', 'GET', `/v1/rules/${ruleId}`),
      unitNames(this.api, req, session),
      this.forecast(req, { page, session }, ruleId),
      this.api.as<RunView[]>(req, session, 'retention', 'GET', `/v1/runs?ruleId=${ruleId}&limit=${RULE_RUNS}`),
    ]);
    const versions = [...rule.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        ...v,
        what: actionText(v, lang),
        when: v.schedule ? scheduleText(v.schedule, lang) : '',
        activatedByText: actorText(v.activatedBy, lang),
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
          mayStart: holdsRole(session.user?.roles, RUN_STARTER_ROLES) && rule.activeVersion !== null,
          ...form,
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

/** A run as a line of a list and the head of its page: its status, and how far it has come in words. */
function runLine(run: RunView, lang: Lang) {
  const p = run.progress;
  const done = p.deleted + p.held + p.blocked;
  // Nothing expected (not yet counted, or nothing due) while it works: no share of nothing, only what is done.
  const counted = run.expected !== null && (run.expected > 0 || run.status === 'finished');
  return {
    ...run,
    percent: counted && p.fraction !== null ? Math.round(p.fraction * 100) : null,
    executedByText: actorText(run.executedBy, lang),
    approvedByText: actorText(run.approvedBy, lang),
    progressText: counted
      ? translate(lang, 'gallring.run.progressText', { done, expected: run.expected ?? 0 })
      : translate(lang, 'gallring.run.progressUnknown', { done }),
  };
}
