import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import type { PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { officialPage, refusalText } from '../signed-in.js';
import { RULE_WRITER_ROLES, typeText } from './gallring-text.js';
import {
  ACTIONS,
  type FormError,
  formValues,
  INFORMATION_TYPES,
  newRuleValues,
  parseNewRule,
  parseVersion,
  PERIOD_UNITS,
  PRECONDITIONS,
  RULE_SLUG,
  type RuleFormValues,
  serviceErrors,
  TRIGGERS,
  versionValues,
} from './rule-form.js';
import type { RuleView } from './rule-views.js';
import { unitNames } from './unit-names.js';

/** Where the form's fields are, for the error summary's links (the radio groups by their first choice). */
const FIELD_IDS = { action: `action-${ACTIONS[0]}`, preconditions: `precondition-${PRECONDITIONS[0]}`, form: 'save-button' };
/** The refusals said beside the form rather than as an error page: bad input, a taken id, a changed draft. */
const REFUSALS = [400, 409, 412, 422, 428];

interface EditorState {
  values: RuleFormValues;
  errors?: FormError[];
  status?: number;
  /** The draft's ETag as read (`"2.1"`); none when the save adds a new version to an active rule. */
  etag?: string;
  /** The draft changed under her (412): the form links to a fresh read. */
  stale?: boolean;
}

/**
 * Writing gallringsregler in the browser (retention-admin): a new rule for a unit and information type,
 * citing its gallringsbeslut, and a rule's draft edited as read (If-Match with the draft's ETag, ADR 0024),
 * or a new version of an active rule. Nothing here applies a rule: the draft is submitted from the rule's
 * page and another person approves it. The retention service checks the content; what it refuses is said
 * beside the field it names.
 */
@ApiExcludeController()
@Controller('tjanst/gallring')
export class GallringRuleEditorController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get('ny-regel')
  @Public()
  newRule(@Req() req: Request, @Res() res: Response): Promise<void> {
    return officialPage(req, res, this.sessions, RULE_WRITER_ROLES, (locals) =>
      this.showNew(req, res, locals, { values: newRuleValues() }),
    );
  }

  @Post('ny-regel')
  @Public()
  create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown> = {}): Promise<void> {
    return officialPage(req, res, this.sessions, RULE_WRITER_ROLES, async (locals) => {
      const lang = locals.page.lang;
      const units = await unitNames(this.api, req, locals.session);
      const parsed = parseNewRule(formValues(body), [...units.keys()], lang);
      if (!parsed.ok) return this.showNew(req, res, locals, { values: parsed.values, errors: parsed.errors, status: 400 }, units);
      try {
        await this.api.as(req, locals.session, 'retention', 'POST', '/v1/rules', parsed.body);
      } catch (err) {
        if (!(err instanceof BackendError && REFUSALS.includes(err.status))) throw err;
        const errors =
          err.status === 409 && !Array.isArray(err.problem?.errors)
            ? [{ field: 'ruleId', text: translate(lang, 'gallring.edit.error.taken') }]
            : refusedFields(err);
        return this.showNew(req, res, locals, { values: parsed.values, errors, status: err.status }, units);
      }
      res.redirect(303, `/tjanst/gallring/regler/${parsed.body.ruleId}?klart=skapad`);
    });
  }

  @Get('regler/:ruleId/andra')
  @Public()
  edit(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string): Promise<void> {
    return officialPage(req, res, this.sessions, RULE_WRITER_ROLES, async (locals) => {
      if (!RULE_SLUG.test(ruleId)) throw Problems.notFound('The rule');
      const read = await this.read(req, locals, ruleId);
      if (!read) return res.redirect(303, `/tjanst/gallring/regler/${ruleId}`);
      await this.showEdit(req, res, locals, read.rule, { values: read.values, ...(read.etag ? { etag: read.etag } : {}) });
    });
  }

  /** Saves the draft as read (PUT with If-Match), or, when the rule has none, adds the next version as a draft. */
  @Post('regler/:ruleId/andra')
  @Public()
  save(@Req() req: Request, @Res() res: Response, @Param('ruleId') ruleId: string, @Body() body: Record<string, unknown> = {}) {
    return officialPage(req, res, this.sessions, RULE_WRITER_ROLES, async (locals) => {
      if (!RULE_SLUG.test(ruleId)) throw Problems.notFound('The rule');
      const lang = locals.page.lang;
      const { json: rule } = await this.api.as<RuleView>(req, locals.session, 'retention', 'GET', `/v1/rules/${ruleId}`);
      const etag = /^"\d+\.\d+"$/.test(typeof body.etag === 'string' ? body.etag : '') ? (body.etag as string) : undefined;
      const values = { ...formValues(body), ruleId: rule.ruleId, unit: rule.unit, informationType: rule.informationType };
      const parsed = parseVersion(values, lang);
      const state = { values, ...(etag ? { etag } : {}) };
      if (!parsed.ok) return this.showEdit(req, res, locals, rule, { ...state, errors: parsed.errors, status: 400 });
      try {
        if (etag)
          await this.api.as(req, locals.session, 'retention', 'PUT', `/v1/rules/${ruleId}/draft`, parsed.body, {
            headers: { 'if-match': etag },
          });
        else await this.api.as(req, locals.session, 'retention', 'POST', `/v1/rules/${ruleId}/versions`, parsed.body);
      } catch (err) {
        if (!(err instanceof BackendError && REFUSALS.includes(err.status))) throw err;
        if (err.status === 412 || err.status === 428)
          return this.showEdit(req, res, locals, rule, {
            ...state,
            stale: true,
            errors: [{ field: 'form', text: translate(lang, 'gallring.edit.error.changed') }],
            status: err.status,
          });
        return this.showEdit(req, res, locals, rule, { ...state, errors: refusedFields(err), status: err.status });
      }
      res.redirect(303, `/tjanst/gallring/regler/${ruleId}?klart=sparad`);
    });
  }

  /** The rule with what the form starts from: its draft and the draft's ETag, else its active version; none when retired. */
  private async read(req: Request, { session }: PortalLocals, ruleId: string) {
    const { json: rule, headers } = await this.api.as<RuleView>(req, session, 'retention', 'GET', `/v1/rules/${ruleId}`);
    if (rule.retired || rule.status === 'retired') return undefined;
    const draft = rule.versions.find((v) => v.version === rule.draftVersion && v.status === 'draft');
    const from = draft ?? rule.versions.find((v) => v.version === rule.activeVersion);
    if (!from) return undefined;
    return { rule, values: versionValues(from, rule), etag: draft ? (headers.get('etag') ?? undefined) : undefined };
  }

  private async showNew(req: Request, res: Response, locals: PortalLocals, state: EditorState, known?: Map<string, string>) {
    const units = known ?? (await unitNames(this.api, req, locals.session));
    this.render(res, locals, state, {
      title: translate(locals.page.lang, 'gallring.edit.newTitle'),
      action: '/tjanst/gallring/ny-regel',
      creating: true,
      units: [...units].map(([unit, name]) => ({ unit, name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      types: INFORMATION_TYPES.map((type) => ({ type, name: typeText(type, locals.page.lang) })),
    });
  }

  private async showEdit(req: Request, res: Response, locals: PortalLocals, rule: RuleView, state: EditorState) {
    const lang = locals.page.lang;
    const units = await unitNames(this.api, req, locals.session);
    const ruleName = `${typeText(rule.informationType, lang)}, ${units.get(rule.unit) ?? rule.unit}`;
    const version = state.etag ? rule.draftVersion : Math.max(0, ...rule.versions.map((v) => v.version)) + 1;
    this.render(res, locals, state, {
      title: translate(lang, state.etag ? 'gallring.edit.draftTitle' : 'gallring.edit.versionTitle', {
        rule: ruleName,
        version: version ?? '',
      }),
      action: `/tjanst/gallring/regler/${rule.ruleId}/andra`,
      creating: false,
      rule,
      ruleName,
      awaiting: !!rule.approval && !!state.etag,
    });
  }

  private render(res: Response, { page }: PortalLocals, state: EditorState, view: Record<string, unknown>): void {
    const errors = state.errors ?? [];
    res
      .status(state.status ?? 200)
      .type('html')
      .send(
        this.views.render('pages/gallring-rule-edit.njk', page, {
          ...view,
          values: state.values,
          etag: state.etag,
          stale: !!state.stale,
          actions: ACTIONS,
          triggers: TRIGGERS,
          periodUnits: PERIOD_UNITS,
          preconditions: PRECONDITIONS,
          // The summary links to fields; a refusal of the whole form (a changed draft) is its own alert, said once.
          errors: errors.filter((e) => e.field !== 'form'),
          errorOf: errorsByField(errors),
          fieldIds: FIELD_IDS,
        }),
      );
  }
}

/** Each field's errors as one text (the service may name a field twice), with its language when not the page's. */
function errorsByField(errors: FormError[]): Record<string, { text: string; lang?: string }> {
  const by: Record<string, { text: string; lang?: string }> = {};
  for (const e of errors) {
    const had = by[e.field];
    by[e.field] = had ? { text: `${had.text} ${e.text}`, ...((had.lang ?? e.lang) ? { lang: had.lang ?? e.lang } : {}) } : { ...e };
  }
  return by;
}

/** The service's refusal beside the fields it names; a body that names none still says something (its detail, title or status). */
function refusedFields(err: BackendError): FormError[] {
  const errors = serviceErrors(err.problem, 'form');
  return errors.length ? errors : [{ field: 'form', text: refusalText(err) ?? String(err.status), lang: 'en' }];
}
