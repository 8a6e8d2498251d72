import { type Lang, translate } from '../../web/i18n.js';
import { text, type VersionView } from './rule-views.js';

/**
 * The form that creates a retention rule or edits its draft (retention-admin): what it reads from a
 * posted form, what it sends the retention service (its CreateRuleDto and RuleVersionDto), and where the
 * service's refusals go. The retention period is a number and a unit ("2 år"), written to the service as
 * an ISO 8601 duration (`P2Y`); the service checks the rest (the cron expression, the decision) and its
 * words are shown beside their fields.
 */

/** As the retention service has them (apps/retention/src/rules/domain/rule.model.ts). */
export const ACTIONS = ['archive-then-delete', 'delete', 'keep'] as const;
export const TRIGGERS = ['conversation-closed', 'case-closed', 'last-activity', 'inaktualitet'] as const;
export const PRECONDITIONS = ['archived', 'receipt-received'] as const;
/** The retention period's units: years, months, weeks, days (the ISO 8601 designators). */
export const PERIOD_UNITS = ['Y', 'M', 'W', 'D'] as const;
/** The information types the pages name (gallring.type.*); the service's RETENTION_INFORMATION_TYPES decide. */
export const INFORMATION_TYPES = ['secure-message', 'access-log'] as const;
/** The rule id the service accepts: a slug of 2-63 lower-case letters, digits and hyphens. */
export const RULE_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** The default schedule offered: every night at 02:00, Swedish time. */
export const DEFAULT_SCHEDULE = '0 2 * * *';

const LIMITS = { body: 200, reference: 100, section: 200, schedule: 200, period: 999 };

export interface FormError {
  field: string;
  text: string;
  /** The language of the text when it is not the page's (the retention service answers in English). */
  lang?: string;
}

/** The form's fields as posted (and shown again): strings, and the preconditions ticked. */
export interface RuleFormValues {
  ruleId: string;
  unit: string;
  informationType: string;
  action: string;
  trigger: string;
  afterCount: string;
  afterUnit: string;
  schedule: string;
  preconditions: string[];
  decisionBody: string;
  decisionDate: string;
  decisionReference: string;
  decisionSection: string;
}

/** A version's content as the retention service takes it. */
export interface VersionBody {
  action: string;
  trigger: string;
  after?: string;
  schedule?: string;
  preconditions: string[];
  decision: { body?: string; date?: string; reference?: string; section?: string };
}

export type Parsed<T> = { ok: true; values: RuleFormValues; body: T } | { ok: false; values: RuleFormValues; errors: FormError[] };

const oneOf = <T extends string>(list: readonly T[], value: string): T | undefined => list.find((v) => v === value);

/** What a posted form holds, trimmed; anything else is ignored. */
export function formValues(body: Record<string, unknown>): RuleFormValues {
  const ticked = Array.isArray(body.preconditions) ? body.preconditions : [body.preconditions];
  return {
    ruleId: text(body.ruleId).toLowerCase(),
    unit: text(body.unit),
    informationType: text(body.informationType),
    action: text(body.action),
    trigger: text(body.trigger),
    afterCount: text(body.afterCount),
    afterUnit: text(body.afterUnit),
    schedule: text(body.schedule).replace(/\s+/g, ' '),
    preconditions: PRECONDITIONS.filter((p) => ticked.includes(p)),
    decisionBody: text(body.decisionBody),
    decisionDate: text(body.decisionDate),
    decisionReference: text(body.decisionReference),
    decisionSection: text(body.decisionSection),
  };
}

/** The empty form of a new rule: archive then delete, counted from the conversation's closing, every night at 02:00. */
export function newRuleValues(): RuleFormValues {
  return {
    ruleId: '',
    unit: '',
    informationType: 'secure-message',
    action: 'archive-then-delete',
    trigger: 'conversation-closed',
    afterCount: '',
    afterUnit: 'Y',
    schedule: DEFAULT_SCHEDULE,
    preconditions: [],
    decisionBody: '',
    decisionDate: '',
    decisionReference: '',
    decisionSection: '',
  };
}

/**
 * A version as the form shows it. A period of one part (`P2Y`) is a number and a unit; years with months
 * are months and weeks with days are days (`P1Y6M` is 18 months); anything else is left for her to write
 * again (the count empty, the unit kept).
 */
export function versionValues(v: VersionView, rule: { ruleId: string; unit: string; informationType: string }): RuleFormValues {
  const period = periodOf(v.after);
  return {
    ruleId: rule.ruleId,
    unit: rule.unit,
    informationType: rule.informationType,
    action: v.action,
    trigger: v.trigger,
    afterCount: period ? String(period.count) : '',
    afterUnit: period?.unit ?? 'Y',
    schedule: v.schedule ?? (v.action === 'keep' ? DEFAULT_SCHEDULE : ''),
    preconditions: v.action === 'archive-then-delete' ? [] : [...v.preconditions],
    decisionBody: v.decision.body ?? '',
    decisionDate: v.decision.date ?? '',
    decisionReference: v.decision.reference ?? '',
    decisionSection: v.decision.section ?? '',
  };
}

/** An ISO 8601 duration of whole years, months, weeks or days as one number and unit, when it is one. */
export function periodOf(iso: string | null | undefined): { count: number; unit: (typeof PERIOD_UNITS)[number] } | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso ?? '');
  if (!m || iso === 'P') return undefined;
  const [y, mo, w, d] = m.slice(1).map((n) => (n === undefined ? undefined : Number(n)));
  if ((y !== undefined || mo !== undefined) && w === undefined && d === undefined)
    return y !== undefined && mo !== undefined
      ? { count: y * 12 + mo, unit: 'M' }
      : y !== undefined
        ? { count: y, unit: 'Y' }
        : { count: mo!, unit: 'M' };
  if (y === undefined && mo === undefined)
    return w !== undefined && d !== undefined
      ? { count: w * 7 + d, unit: 'D' }
      : w !== undefined
        ? { count: w, unit: 'W' }
        : { count: d!, unit: 'D' };
  return undefined;
}

/**
 * A version's content from the form, or what is wrong with it in her words: a disposing rule needs a
 * period and a schedule, a rule that keeps has neither. The decision may be incomplete in a draft (the
 * service refuses only its activation then); its date, when given, is a date.
 */
export function parseVersion(values: RuleFormValues, lang: Lang): Parsed<VersionBody> {
  const errors: FormError[] = [];
  const add = (field: string, id: string, params?: Record<string, string | number>) =>
    errors.push({ field, text: translate(lang, id, params) });
  const action = oneOf(ACTIONS, values.action);
  const trigger = oneOf(TRIGGERS, values.trigger);
  if (!action) add('action', 'gallring.edit.error.action');
  if (!trigger) add('trigger', 'gallring.edit.error.trigger');
  let after: string | undefined;
  let schedule: string | undefined;
  if (action && action !== 'keep') {
    const count = /^\d{1,3}$/.test(values.afterCount) ? Number(values.afterCount) : 0;
    const unit = oneOf(PERIOD_UNITS, values.afterUnit);
    if (count < 1 || count > LIMITS.period || !unit) add('afterCount', 'gallring.edit.error.period', { max: LIMITS.period });
    else after = `P${count}${unit}`;
    if (!values.schedule) add('schedule', 'gallring.edit.error.schedule');
    else if (values.schedule.length > LIMITS.schedule) add('schedule', 'gallring.edit.error.tooLong', { max: LIMITS.schedule });
    else schedule = values.schedule;
  }
  if (values.decisionBody.length > LIMITS.body) add('decisionBody', 'gallring.edit.error.tooLong', { max: LIMITS.body });
  if (values.decisionReference.length > LIMITS.reference)
    add('decisionReference', 'gallring.edit.error.tooLong', { max: LIMITS.reference });
  if (values.decisionSection.length > LIMITS.section) add('decisionSection', 'gallring.edit.error.tooLong', { max: LIMITS.section });
  if (values.decisionDate && !isDate(values.decisionDate)) add('decisionDate', 'gallring.edit.error.date');
  if (errors.length || !action || !trigger) return { ok: false, values, errors };
  const decision = {
    ...(values.decisionBody ? { body: values.decisionBody } : {}),
    ...(values.decisionDate ? { date: values.decisionDate } : {}),
    ...(values.decisionReference ? { reference: values.decisionReference } : {}),
    ...(values.decisionSection ? { section: values.decisionSection } : {}),
  };
  return {
    ok: true,
    values,
    body: {
      action,
      trigger,
      ...(after ? { after } : {}),
      ...(schedule ? { schedule } : {}),
      preconditions: action === 'delete' ? values.preconditions : [],
      decision,
    },
  };
}

/** A new rule from the form: its id, unit and information type, and its first version (a draft). */
export function parseNewRule(
  values: RuleFormValues,
  units: readonly string[],
  lang: Lang,
): Parsed<VersionBody & { ruleId: string; unit: string; informationType: string }> {
  const errors: FormError[] = [];
  if (!RULE_SLUG.test(values.ruleId)) errors.push({ field: 'ruleId', text: translate(lang, 'gallring.edit.error.ruleId') });
  if (!units.includes(values.unit)) errors.push({ field: 'unit', text: translate(lang, 'gallring.edit.error.unit') });
  if (!oneOf(INFORMATION_TYPES, values.informationType))
    errors.push({ field: 'informationType', text: translate(lang, 'gallring.edit.error.type') });
  const version = parseVersion(values, lang);
  if (!version.ok || errors.length) return { ok: false, values, errors: [...errors, ...(version.ok ? [] : version.errors)] };
  return { ok: true, values, body: { ruleId: values.ruleId, unit: values.unit, informationType: values.informationType, ...version.body } };
}

/** The service's field names (its problem body's `errors[].field`) → the form's. */
const FIELDS: Record<string, string> = {
  ruleId: 'ruleId',
  unit: 'unit',
  informationType: 'informationType',
  action: 'action',
  trigger: 'trigger',
  after: 'afterCount',
  schedule: 'schedule',
  preconditions: 'preconditions',
  'decision.body': 'decisionBody',
  'decision.date': 'decisionDate',
  'decision.reference': 'decisionReference',
  'decision.section': 'decisionSection',
};

/**
 * The retention service's refusal (an RFC 9457 body, 400/409/422) as errors beside the form's fields: each
 * of its `errors` by its field, in the service's words (English); what names no field of the form goes to
 * `fallback` with the problem's detail.
 */
export function serviceErrors(problem: Record<string, unknown> | undefined, fallback: string): FormError[] {
  const list = Array.isArray(problem?.errors) ? (problem.errors as unknown[]) : [];
  const errors: FormError[] = [];
  for (const e of list) {
    if (typeof e !== 'object' || e === null) continue;
    const { field, messages } = e as { field?: unknown; messages?: unknown };
    const said = (Array.isArray(messages) ? messages : []).filter((m): m is string => typeof m === 'string').join(' ');
    if (!said) continue;
    const mine = typeof field === 'string' ? (FIELDS[field] ?? FIELDS[field.replace(/\[\d+\]$/, '')]) : undefined;
    errors.push({ field: mine ?? fallback, text: said, lang: 'en' });
  }
  if (errors.length === 0) {
    const detail = typeof problem?.detail === 'string' ? problem.detail : typeof problem?.title === 'string' ? problem.title : '';
    if (detail) errors.push({ field: fallback, text: detail, lang: 'en' });
  }
  return errors;
}

function isDate(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
