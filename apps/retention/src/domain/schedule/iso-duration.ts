/**
 * ISO 8601 durations for retention rules: "gallras två år efter att konversationen stängts" is `P2Y`.
 *
 * Accepted: `P[nY][nM][nW][nD][T[nH][nM][nS]]`, decided as follows (a 4xx problem names the broken rule):
 * - `n` is a non-negative whole number of ASCII digits; leading zeros are fine (`P02Y` = `P2Y`).
 * - No fractions in any unit, seconds included (`P1.5Y`, `PT0,5S`): gallring works in days, and a
 *   fraction of a year or month has no calendar meaning. Write a smaller unit instead (`P18M`).
 * - No sign (`-P2Y`, `+P2Y`): a retention period is never negative.
 * - Designators are uppercase only, as ISO 8601 writes them, so a stored rule has one spelling; `p2y` is
 *   refused with the uppercase spelling as the hint.
 * - Units appear in the order Y M W D T H M S, each at most once. Weeks may be combined with the other
 *   units (ISO 8601-1:2019 allows it; the 2004 edition did not).
 * - At least one component (`P` and `PT` are refused); a `T` needs at least one time component after it.
 * - Zero is allowed (`P0D`): due as soon as the trigger's calendar day has passed.
 * - No surrounding whitespace, at most 64 characters, at most six digits per component, and at most {@link MAX_DURATION_YEARS} years
 *   nominally (a year counted as 365.25 days, a month as 1/12 of that): `P100Y`, `P1200M`, `P36525D` are
 *   the longest.
 * - Alternative formats (`P0002-00-00`, `PnYnMnDTnH` with week-dates) are not supported.
 */

export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** The longest retention period accepted. */
export const MAX_DURATION_YEARS = 100;
/** Digits per component, as the rule-activated event accepts them. */
const MAX_DIGITS = 6;

const MAX_TEXT_LENGTH = 64;
const DAYS_PER_YEAR = 365.25;

/** Thrown by {@link parseDuration}; `message` is ready for a 4xx problem body's `detail`. */
export class InvalidDurationError extends Error {
  override readonly name = 'InvalidDurationError';

  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`Invalid ISO 8601 duration ${shown(text)}: ${reason}`);
  }
}

type Analysis = { readonly ok: true; readonly duration: Duration } | { readonly ok: false; readonly reason: string };

type Field = keyof Duration;

/** Each designator with its place in the order Y M W D T H M S. */
const DATE_UNITS: Readonly<Record<string, { field: Field; rank: number }>> = {
  Y: { field: 'years', rank: 0 },
  M: { field: 'months', rank: 1 },
  W: { field: 'weeks', rank: 2 },
  D: { field: 'days', rank: 3 },
};
const TIME_UNITS: Readonly<Record<string, { field: Field; rank: number }>> = {
  H: { field: 'hours', rank: 5 },
  M: { field: 'minutes', rank: 6 },
  S: { field: 'seconds', rank: 7 },
};
const T_RANK = 4;
const ORDER_HINT = 'units must appear in the order Y, M, W, D, then T, H, M, S';

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

const fail = (reason: string): Analysis => ({ ok: false, reason });

function analyse(text: string): Analysis {
  if (text.length === 0) return fail('it is empty; write e.g. P2Y (two years) or P30D (30 days)');
  if (text.length > MAX_TEXT_LENGTH) return fail(`it is longer than ${MAX_TEXT_LENGTH} characters`);
  if (/\s/.test(text)) return fail('it contains whitespace');
  if (/^[-+\u2212]/.test(text)) return fail('it has a sign; a retention period is never negative, write e.g. P2Y');
  if (/[a-z]/.test(text)) {
    const upper = text.toUpperCase();
    return analyse(upper).ok
      ? fail(`designators must be uppercase: write ${JSON.stringify(upper)}`)
      : fail('designators must be uppercase (P, Y, M, W, D, T, H, M, S)');
  }
  if (!text.startsWith('P')) return fail(`it must start with "P", e.g. P2Y`);
  if (/^P[0-9]{4}-/.test(text)) return fail('the alternative format PYYYY-MM-DD is not supported; write e.g. P2Y');

  const values: Record<Field, number> = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  let rank = -1;
  let inTime = false;
  let components = 0;
  let timeComponents = 0;
  let i = 1;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === 'T') {
      if (inTime) return fail('it has "T" twice');
      inTime = true;
      rank = T_RANK;
      i += 1;
      continue;
    }
    if (char === '.' || char === ',') return fail(`it has "${char}": fractions are not supported, use a smaller unit (P18M, not P1.5Y)`);
    if (!/[0-9]/.test(char)) {
      if (char in DATE_UNITS || char in TIME_UNITS) return fail(`"${char}" has no number before it`);
      return fail(`it has the unexpected character ${JSON.stringify(char)}`);
    }
    const digits = /^[0-9]+/.exec(text.slice(i))?.[0] ?? '';
    i += digits.length;
    const unit = text.charAt(i);
    const expected = inTime ? 'H, M or S' : 'Y, M, W or D (or T before hours, minutes and seconds)';
    if (unit === '') return fail(`the number ${digits} at the end has no unit; add ${expected}`);
    if (unit === '.' || unit === ',') {
      return fail(`${digits}${unit}… is a fraction; fractions are not supported, use a smaller unit (P18M, not P1.5Y)`);
    }
    const spec = (inTime ? TIME_UNITS : DATE_UNITS)[unit];
    if (spec === undefined) {
      if (!inTime && unit in TIME_UNITS) return fail(`"${unit}" must come after "T": write PT${digits}${unit}`);
      if (inTime && unit in DATE_UNITS) return fail(`"${unit}" cannot come after "T"; date units go before it (P${digits}${unit})`);
      return fail(`the number ${digits} is followed by ${JSON.stringify(unit)}, not a unit; expected ${expected}`);
    }
    // The rule-activated event carries the period as written, at most six digits per component.
    if (digits.length > MAX_DIGITS)
      return fail(`${digits}${unit} has more than ${MAX_DIGITS} digits; write it with fewer (e.g. P2Y, not P0000002Y)`);
    if (spec.rank === rank) return fail(`"${unit}" appears twice`);
    if (spec.rank < rank) return fail(`"${unit}" is out of order; ${ORDER_HINT}`);
    rank = spec.rank;
    values[spec.field] = Number(digits);
    components += 1;
    if (inTime) timeComponents += 1;
    i += 1;
  }
  if (components === 0) {
    return inTime ? fail('it has no components; write e.g. PT12H or P30D') : fail('it has no components; write e.g. P2Y or P30D');
  }
  if (inTime && timeComponents === 0)
    return fail('"T" must be followed by hours, minutes or seconds (e.g. P1DT12H); drop the "T" otherwise');
  if (nominalDays(values) > MAX_DURATION_YEARS * DAYS_PER_YEAR) return fail(`it is longer than ${MAX_DURATION_YEARS} years`);
  return { ok: true, duration: values };
}

/** The length in days, a year counted as 365.25 days and a month as a twelfth of that. For bounds only. */
export function nominalDays(duration: Duration): number {
  return (
    (duration.years + duration.months / 12) * DAYS_PER_YEAR +
    duration.weeks * 7 +
    duration.days +
    (duration.hours * 3600 + duration.minutes * 60 + duration.seconds) / 86_400
  );
}

/** Parses an ISO 8601 duration (see the file comment for what is accepted), or throws {@link InvalidDurationError}. */
export function parseDuration(text: string): Duration {
  const analysis = analyse(text);
  if (!analysis.ok) throw new InvalidDurationError(text, analysis.reason);
  return analysis.duration;
}

/**
 * Why `text` is not an accepted duration, as a sentence for a 4xx problem body, or `undefined` when it is
 * one. `durationProblem('P2Y1')` → `Invalid ISO 8601 duration "P2Y1": the number 1 at the end has no unit; …`.
 */
export function durationProblem(text: string): string | undefined {
  const analysis = analyse(text);
  return analysis.ok ? undefined : new InvalidDurationError(text, analysis.reason).message;
}

/**
 * The canonical text of a duration: zero components left out, `P0D` for zero. `formatDuration(parseDuration(x))`
 * normalises `x` (`P02Y0M` → `P2Y`); `parseDuration(formatDuration(d))` gives `d` back for any valid `d`.
 */
export function formatDuration(duration: Duration): string {
  for (const [field, value] of Object.entries(duration)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`Duration ${field} must be a non-negative whole number, got ${value}`);
  }
  const part = (value: number, unit: string): string => (value === 0 ? '' : `${value}${unit}`);
  const date = part(duration.years, 'Y') + part(duration.months, 'M') + part(duration.weeks, 'W') + part(duration.days, 'D');
  const time = part(duration.hours, 'H') + part(duration.minutes, 'M') + part(duration.seconds, 'S');
  if (date === '' && time === '') return 'P0D';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

/** The time components (hours, minutes, seconds) as elapsed milliseconds. */
export function timeComponentsMs(duration: Duration): number {
  return ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
}
