import type { ContractViolation } from '@insyn/contracts';
import { protocolTextProblem } from '../../domain/protocol/protocol-entry.js';
import { cronProblem } from '../../domain/schedule/cron.js';
import { durationProblem } from '../../domain/schedule/iso-duration.js';
import type { LocalDate } from '@insyn/platform';
import {
  DECISION_FIELDS,
  type Decision,
  RULE_PRECONDITIONS,
  type RuleAction,
  type RulePrecondition,
  type RuleTrigger,
  type RuleVersionContent,
} from './rule.model.js';

/** A version as it arrives (already shaped by the DTO): optional parts may be missing. */
export interface RuleVersionInput {
  action: RuleAction;
  trigger: RuleTrigger;
  after?: string | null;
  preconditions?: RulePrecondition[];
  schedule?: string | null;
  decision?: Partial<Record<keyof Decision, string | null>> | null;
}

/** The units and information types rules may govern (RETENTION_UNITS, RETENTION_INFORMATION_TYPES). */
export interface RuleCatalog {
  hasUnit(unit: string): boolean;
  hasInformationType(type: string): boolean;
  units(): string[];
  informationTypes(): string[];
  /** The service that holds (and deletes) an information type. */
  ownerOf(type: string): string | undefined;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; violations: ContractViolation[] };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The unit and information type must be known here; each unknown one is named with the known ones. */
export function checkScope(unit: string, informationType: string, catalog: RuleCatalog): ContractViolation[] {
  const violations: ContractViolation[] = [];
  if (!catalog.hasUnit(unit))
    violations.push({ field: 'unit', messages: [`unknown unit "${unit}"; known units: ${catalog.units().join(', ')}`] });
  if (!catalog.hasInformationType(informationType))
    violations.push({
      field: 'informationType',
      messages: [`unknown information type "${informationType}"; known types: ${catalog.informationTypes().join(', ')}`],
    });
  return violations;
}

/**
 * Checks and normalises a version's content: `after` is an ISO 8601 duration and `schedule` a cron
 * expression for the deleting actions, and both are absent for `keep`; `archive-then-delete` always
 * carries both preconditions; a decision date, when given, is a real `YYYY-MM-DD` date. The decision
 * may be incomplete here: completeness is checked when a version is activated ({@link decisionViolations}).
 */
export function checkVersionContent(input: RuleVersionInput): Checked<RuleVersionContent> {
  const violations: ContractViolation[] = [];
  const add = (field: string, message: string) => violations.push({ field, messages: [message] });
  const after = blankToNull(input.after);
  const schedule = blankToNull(input.schedule);
  let preconditions = [...new Set(input.preconditions ?? [])];

  if (input.action === 'keep') {
    if (after !== null) add('after', 'a rule that keeps the information has no retention period; leave "after" out');
    if (schedule !== null) add('schedule', 'a rule that keeps the information never runs; leave "schedule" out');
    if (preconditions.length > 0) add('preconditions', 'a rule that keeps the information deletes nothing, so it has no preconditions');
  } else {
    if (after === null) add('after', `"${input.action}" needs a retention period, an ISO 8601 duration such as P2Y`);
    else {
      const problem = durationProblem(after);
      if (problem !== undefined) add('after', problem);
    }
    if (schedule === null) add('schedule', `"${input.action}" needs a schedule, a cron expression such as "0 2 * * *" (Europe/Stockholm)`);
    else {
      const problem = cronProblem(schedule);
      if (problem !== undefined) add('schedule', problem);
    }
    if (input.action === 'archive-then-delete') preconditions = [...new Set([...preconditions, ...RULE_PRECONDITIONS])];
  }

  const decision: Partial<Decision> = {};
  for (const field of DECISION_FIELDS) {
    const value = blankToNull(input.decision?.[field]);
    if (value !== null) decision[field] = value;
  }
  for (const v of decisionTextViolations(decision)) add(v.field, v.messages[0]!);
  if (decision.date !== undefined && !isCalendarDate(decision.date))
    add('decision.date', `"${decision.date}" is not a date; write the date of the decision as YYYY-MM-DD`);

  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    value: {
      action: input.action,
      trigger: input.trigger,
      after,
      preconditions: RULE_PRECONDITIONS.filter((p) => preconditions.includes(p)),
      schedule,
      decision,
    },
  };
}

/**
 * What keeps a decision from allowing a version: every part must be given (body, date, reference,
 * section), and the date must be a real date no later than `today` (a decision not yet taken allows nothing).
 */
export function decisionViolations(decision: Partial<Decision>, today: LocalDate): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const missing = DECISION_FIELDS.filter((field) => blankToNull(decision[field]) === null);
  for (const field of missing) violations.push({ field: `decision.${field}`, messages: [MISSING[field]] });
  violations.push(...decisionTextViolations(decision));
  const date = decision.date;
  if (date !== undefined && !missing.includes('date')) {
    if (!isCalendarDate(date)) violations.push({ field: 'decision.date', messages: [`"${date}" is not a date (YYYY-MM-DD)`] });
    else if (date > formatLocalDate(today))
      violations.push({
        field: 'decision.date',
        messages: [`${date} is after today (${formatLocalDate(today)}); a decision must be taken before it applies`],
      });
  }
  return violations;
}

/**
 * The decision's texts as the gallringsprotokoll will print them: single-line, at most 200 characters,
 * no personnummer. Checked when a version is written and again when it is activated, so that no run can
 * delete and then fail to write its entry.
 */
function decisionTextViolations(decision: Partial<Decision>): ContractViolation[] {
  const violations: ContractViolation[] = [];
  for (const field of ['body', 'reference', 'section'] as const) {
    const value = blankToNull(decision[field]);
    const problem = value === null ? undefined : protocolTextProblem(value);
    if (problem !== undefined)
      violations.push({ field: `decision.${field}`, messages: [`${problem}: every run writes it into the gallringsprotokoll`] });
  }
  return violations;
}

const MISSING: Record<keyof Decision, string> = {
  body: 'the deciding body (e.g. Kommunstyrelsen) is missing',
  date: 'the date of the decision (YYYY-MM-DD) is missing',
  reference: 'the decision reference (diarienummer) is missing',
  section: 'the point of the gallringsplan the decision refers to is missing',
};

export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
