import {
  addDays,
  dayOfWeek,
  daysInMonth,
  type LocalDate,
  type LocalDateTimeInput,
  resolveZoned,
  SWEDISH_ZONE,
  zonedParts,
} from '@insyn/platform';

/**
 * When a retention rule runs: a 5-field cron subset evaluated in local time (Europe/Stockholm).
 * (In this comment `∕` stands for the slash `/`, which cannot follow `*` inside a block comment.)
 *
 * Syntax: `minute hour day-of-month month day-of-week`, fields separated by spaces or tabs. A field is a
 * comma list of `*`, `n`, `a-b`, `*∕s` or `a-b∕s`. Minute 0–59, hour 0–23, day-of-month 1–31, month 1–12
 * or JAN–DEC, day-of-week 0–7 or SUN–SAT (0 and 7 are Sunday); names are case-insensitive. Not
 * supported, and refused with a reason: seconds or year fields, `@daily` macros, `?`, `L`, `W`, `#`,
 * `n/s` (write `n-max/s`), wrap-around ranges (`FRI-MON`), and steps of 0 or wider than the field.
 * A schedule that can never run (`0 0 30 2 *`) is refused too.
 *
 * Day-of-month and day-of-week combine as in Vixie cron/cronie: when both fields are restricted (neither
 * starts with `*`), a day matches if EITHER matches (`0 0 13 * FRI` runs on every 13th and every
 * Friday); when either field starts with `*` (`*`, `*∕2`), both must match.
 *
 * DST, by wall-clock semantics: every matching local time runs once.
 * - Spring forward (last Sunday of March, 02:00–02:59 does not exist): a job due in the gap runs at the
 *   moment the clocks jump, 03:00 CEST, so a daily job is never skipped. Several gap times collapse into
 *   that one run (`*∕15 * * * *` runs 92 times that day: four an hour for 23 hours).
 * - Fall back (last Sunday of October, 02:00–02:59 happens twice): a job runs at the first occurrence
 *   only (`30 2 * * *` runs once, at 02:30 CEST). `*∕15 * * * *` runs its 96 wall times, so it pauses
 *   during the repeated hour.
 */

export interface CronSchedule {
  /** The expression as given. */
  readonly source: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  /** 0 = Sunday … 6 = Saturday (7 is folded into 0). */
  readonly daysOfWeek: readonly number[];
  /** The day-of-month field starts with `*` (see the OR/AND rule above). */
  readonly dayOfMonthStar: boolean;
  /** The day-of-week field starts with `*`. */
  readonly dayOfWeekStar: boolean;
}

/** Thrown by {@link parseCron}; `message` is ready for a 4xx problem body's `detail`. */
export class InvalidCronError extends Error {
  override readonly name = 'InvalidCronError';

  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`Invalid cron schedule ${JSON.stringify(expression.length > 60 ? `${expression.slice(0, 60)}…` : expression)}: ${reason}`);
  }
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES },
];

const FIELD_LIST = 'minute hour day-of-month month day-of-week';
const MAX_LENGTH = 200;
/** The longest wait between two runs of a valid schedule is under 50 years (29 February on a given weekday). */
const SEARCH_DAYS = 400 * 366;

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

function parseValue(token: string, spec: FieldSpec): number {
  if (/^[0-9]+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) refuse(`${spec.name} ${token} is out of range ${spec.min}-${spec.max}`);
    return value;
  }
  const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return spec.name === 'month' ? index + 1 : index;
  if (token === '') refuse(`the ${spec.name} field has an empty value`);
  const hint = spec.names === undefined ? 'a number' : `a number or a name such as ${spec.names[1] ?? ''}`;
  refuse(`${JSON.stringify(token)} in the ${spec.name} field is not ${hint}`);
}

function parseField(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') refuse(`the ${spec.name} field has an empty list item`);
    const pieces = item.split('/');
    if (pieces.length > 2) refuse(`${JSON.stringify(item)} in the ${spec.name} field has more than one "/"`);
    const [base = '', stepText] = pieces;
    let from: number;
    let to: number;
    if (base === '*') {
      from = spec.min;
      to = spec.max;
    } else if (base.includes('-')) {
      const [low = '', high = '', ...rest] = base.split('-');
      if (rest.length > 0) refuse(`${JSON.stringify(base)} in the ${spec.name} field is not a range a-b`);
      from = parseValue(low, spec);
      to = parseValue(high, spec);
      if (from > to) refuse(`the ${spec.name} range ${base} runs backwards; wrap-around ranges are not supported, use a list`);
    } else {
      from = parseValue(base, spec);
      to = from;
      if (stepText !== undefined) refuse(`"${item}" is not supported in the ${spec.name} field; write ${base}-${spec.max}/${stepText}`);
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^[0-9]+$/.test(stepText)) refuse(`the step ${JSON.stringify(stepText)} in the ${spec.name} field is not a whole number`);
      step = Number(stepText);
      const width = spec.max - spec.min + 1;
      if (step === 0) refuse(`the step in the ${spec.name} field must be at least 1`);
      if (step > width) refuse(`the step ${step} is wider than the ${spec.name} field (${spec.min}-${spec.max}); cron cannot express it`);
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function parse(text: string): CronSchedule {
  if (text.length > MAX_LENGTH) refuse(`it is longer than ${MAX_LENGTH} characters`);
  const trimmed = text.trim();
  if (trimmed === '') refuse(`it is empty; expected five fields: ${FIELD_LIST}, e.g. "0 2 * * *"`);
  if (trimmed.startsWith('@')) refuse('macros such as @daily are not supported; write the five fields, e.g. "0 0 * * *"');
  const unsupported = /[?#]|(?:^|[\s,\-/])\d*[LW]\b/i.exec(trimmed);
  if (unsupported !== null) refuse(`${JSON.stringify(unsupported[0].trim())} (Quartz syntax ? L W #) is not supported`);
  const texts = trimmed.split(/\s+/);
  if (texts.length !== FIELDS.length) refuse(`it has ${texts.length} field${texts.length === 1 ? '' : 's'}; expected 5: ${FIELD_LIST}`);
  const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = FIELDS.map((spec, index) => parseField(texts[index] ?? '', spec));
  if (minutes === undefined || hours === undefined || daysOfMonth === undefined || months === undefined || rawDaysOfWeek === undefined) {
    refuse(`expected 5 fields: ${FIELD_LIST}`);
  }
  const schedule: CronSchedule = {
    source: text,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek: [...new Set(rawDaysOfWeek.map((day) => day % 7))].sort((a, b) => a - b),
    dayOfMonthStar: (texts[2] ?? '').startsWith('*'),
    dayOfWeekStar: (texts[4] ?? '').startsWith('*'),
  };
  // Every weekday falls on every existing date sooner or later, so only the day-of-month and month
  // fields can make a schedule impossible (`30 2`), and only when the day of the month must match.
  const dayOfMonthMustMatch = schedule.dayOfMonthStar || schedule.dayOfWeekStar;
  if (dayOfMonthMustMatch && !months.some((month) => daysOfMonth.some((day) => day <= daysInMonth(2000, month)))) {
    refuse(`it never runs: no month in the month field has day ${daysOfMonth.join(',')}`);
  }
  return schedule;
}

/** Parses a 5-field cron expression (see the file comment), or throws {@link InvalidCronError}. */
export function parseCron(text: string): CronSchedule {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof Refusal) throw new InvalidCronError(text, error.message);
    throw error;
  }
}

/** Why `text` is not an accepted cron schedule, as a sentence for a 4xx problem body, or `undefined` when it is one. */
export function cronProblem(text: string): string | undefined {
  try {
    parseCron(text);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidCronError) return error.message;
    throw error;
  }
}

/** Whether the schedule runs on a local calendar date (day-of-month, month and day-of-week fields). */
export function matchesDate(schedule: CronSchedule, date: LocalDate): boolean {
  if (!schedule.months.includes(date.month)) return false;
  const dayOfMonth = schedule.daysOfMonth.includes(date.day);
  const weekday = schedule.daysOfWeek.includes(dayOfWeek(date));
  return schedule.dayOfMonthStar || schedule.dayOfWeekStar ? dayOfMonth && weekday : dayOfMonth || weekday;
}

/** The instant a local wall time runs at: the first occurrence in an overlap, the jump in a gap. */
function runInstant(parts: LocalDateTimeInput, zone: string): Date {
  const resolved = resolveZoned(parts, zone);
  switch (resolved.kind) {
    case 'unique':
      return resolved.instant;
    case 'overlap':
      return resolved.earlier;
    case 'gap':
      return resolved.transition;
  }
}

/** The first run strictly after `after`, in `zone` (see the file comment for DST). */
export function nextRun(schedule: CronSchedule, after: Date, zone: string = SWEDISH_ZONE): Date {
  const start = zonedParts(after, zone);
  let date: LocalDate = { year: start.year, month: start.month, day: start.day };
  for (let dayIndex = 0; dayIndex < SEARCH_DAYS; dayIndex += 1) {
    if (matchesDate(schedule, date)) {
      for (const hour of schedule.hours) {
        // A wall time earlier in the day than `after` never runs after it (it happened, or its gap ended, before).
        if (dayIndex === 0 && hour < start.hour) continue;
        for (const minute of schedule.minutes) {
          if (dayIndex === 0 && hour === start.hour && minute < start.minute) continue;
          const run = runInstant({ ...date, hour, minute }, zone);
          if (run.getTime() > after.getTime()) return run;
        }
      }
    }
    date = addDays(date, 1);
  }
  throw new Error(`Cron schedule ${JSON.stringify(schedule.source)} has no run within ${SEARCH_DAYS} days of ${after.toISOString()}`);
}

/** Every run in `(from, until]`, in order; throws past `limit` runs. */
export function runsBetween(schedule: CronSchedule, from: Date, until: Date, zone: string = SWEDISH_ZONE, limit = 1_000_000): Date[] {
  const runs: Date[] = [];
  for (let run = nextRun(schedule, from, zone); run.getTime() <= until.getTime(); run = nextRun(schedule, run, zone)) {
    if (runs.length >= limit) throw new RangeError(`More than ${limit} runs between ${from.toISOString()} and ${until.toISOString()}`);
    runs.push(run);
  }
  return runs;
}
