/**
 * Wall-clock time in an IANA zone, with nothing but `Intl.DateTimeFormat` (no time-zone package).
 *
 * Swedish legal time is Europe/Stockholm: CET (+01:00) in winter, CEST (+02:00) from 02:00 CET on the last
 * Sunday of March (02:00–02:59 does not exist) until 03:00 CEST on the last Sunday of October (02:00–02:59
 * happens twice). Converting a wall-clock time to an instant therefore has three outcomes, which
 * {@link resolveZoned} reports explicitly and {@link fromZoned} turns into one instant deterministically.
 *
 * Assumption: at most one offset change within a day either side of any instant (true for every zone in
 * the tz database in the years we handle).
 */

/** Sweden's legal time zone. */
export const SWEDISH_ZONE = 'Europe/Stockholm';

/** A calendar date without a zone. `month` is 1–12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A wall-clock date and time without a zone. */
export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** The wall-clock time as `fromZoned` takes it: seconds and milliseconds default to 0. */
export type LocalDateTimeInput = LocalDate & {
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  readonly millisecond?: number;
};

/**
 * What a wall-clock time is in a zone: one instant, two (the repeated hour when clocks go back), or none
 * (the skipped hour when clocks go forward). For a gap, `transition` is the instant the clocks jumped,
 * `earlier` the instant read with the offset after the jump and `later` the instant read with the offset
 * before it (so `earlier < transition <= later`).
 */
export type ZonedResolution =
  | { readonly kind: 'unique'; readonly instant: Date }
  | { readonly kind: 'overlap'; readonly earlier: Date; readonly later: Date }
  | { readonly kind: 'gap'; readonly earlier: Date; readonly transition: Date; readonly later: Date };

/**
 * How `fromZoned` picks one instant, as in Temporal:
 * - `compatible` (default): the earlier instant in an overlap; in a gap the time is moved forward by the
 *   length of the gap (02:30 on the spring-forward day becomes 03:30 CEST).
 * - `earlier` / `later`: the earlier or later candidate in both cases.
 * - `reject`: throws a RangeError for a time that is ambiguous or does not exist.
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Unknown time zone ${JSON.stringify(zone)}; use an IANA name such as ${SWEDISH_ZONE}`);
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Milliseconds since the epoch of a wall-clock time read as if it were UTC (years 0–99 included). */
export function naiveEpochMs(parts: LocalDateTimeInput): number {
  const date = new Date(0);
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute, parts.second ?? 0, parts.millisecond ?? 0);
  return date.getTime();
}

/** The offset at a whole second, asked of Intl (slow: a few microseconds). */
function intlOffsetMs(epochSecondMs: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(epochSecondMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const field = (name: string): number => {
    const value = fields[name];
    if (value === undefined || Number.isNaN(value)) throw new RangeError(`Cannot read the ${name} of ${epochSecondMs} in ${zone}`);
    return value;
  };
  // Some engines print midnight as 24 even with h23.
  const wall = naiveEpochMs({
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour') % 24,
    minute: field('minute'),
    second: field('second'),
  });
  return wall - epochSecondMs;
}

/** The offsets of one UTC day: at its start, at its end, and the first instant with the end offset. */
interface DayOffsets {
  readonly start: number;
  readonly end: number;
  readonly transition: number;
}

const MAX_CACHED_DAYS = 100_000;
const dayOffsets = new Map<string, Map<number, DayOffsets>>();

/**
 * Offsets are cached per zone and UTC day: two Intl calls per day, plus a bisection to the second on the
 * days the clocks change. Assumes at most one change per day and changes at whole seconds (the tz
 * database stores offsets and transitions in seconds).
 */
function offsetsOfDay(utcDay: number, zone: string): DayOffsets {
  let days = dayOffsets.get(zone);
  if (days === undefined) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  let entry = days.get(utcDay);
  if (entry === undefined) {
    const first = utcDay * MS_PER_DAY;
    const last = first + MS_PER_DAY - 1000;
    const start = intlOffsetMs(first, zone);
    const end = intlOffsetMs(last, zone);
    let transition = Number.POSITIVE_INFINITY;
    if (start !== end) {
      let low = first; // whole seconds: offset(low) === start, offset(high) === end
      let high = last;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (intlOffsetMs(middle, zone) === start) low = middle;
        else high = middle;
      }
      transition = high;
    }
    entry = { start, end, transition };
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(utcDay, entry);
  }
  return entry;
}

/** The zone's offset from UTC at `epochMs`, in milliseconds (+3_600_000 for CET). */
export function offsetMs(epochMs: number, zone: string = SWEDISH_ZONE): number {
  if (!Number.isFinite(epochMs)) throw new RangeError('Invalid Date');
  const entry = offsetsOfDay(Math.floor(epochMs / MS_PER_DAY), zone);
  return epochMs < entry.transition ? entry.start : entry.end;
}

/** The wall-clock date and time of `instant` in `zone`. */
export function zonedParts(instant: Date, zone: string = SWEDISH_ZONE): LocalDateTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  const wall = new Date(ms + offsetMs(ms, zone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  };
}

/** The local calendar date of `instant` in `zone`. */
export function localDateOf(instant: Date, zone: string = SWEDISH_ZONE): LocalDate {
  const { year, month, day } = zonedParts(instant, zone);
  return { year, month, day };
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function assertValidLocal(parts: LocalDateTimeInput): void {
  const { year, month, day, hour, minute } = parts;
  const second = parts.second ?? 0;
  const millisecond = parts.millisecond ?? 0;
  const ok =
    [year, month, day, hour, minute, second, millisecond].every(Number.isInteger) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    millisecond >= 0 &&
    millisecond <= 999;
  if (!ok) throw new RangeError(`Not a valid local date and time: ${JSON.stringify(parts)}`);
}

/** Every instant whose wall-clock time in `zone` is `parts`, or the gap it falls into. */
export function resolveZoned(parts: LocalDateTimeInput, zone: string = SWEDISH_ZONE): ZonedResolution {
  assertValidLocal(parts);
  const local = naiveEpochMs(parts);
  const offsetBefore = offsetMs(local - MS_PER_DAY, zone);
  const offsetAfter = offsetMs(local + MS_PER_DAY, zone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => local - offset)
    .filter((epochMs) => offsetMs(epochMs, zone) === local - epochMs)
    .sort((a, b) => a - b);
  const [first, second] = candidates;
  if (first !== undefined && second !== undefined) return { kind: 'overlap', earlier: new Date(first), later: new Date(second) };
  if (first !== undefined) return { kind: 'unique', instant: new Date(first) };
  // A gap: the offset grew from offsetBefore to offsetAfter. Find the instant of the jump by bisection
  // between the two readings (one hour apart for Stockholm).
  let low = local - offsetAfter; // still on the old offset
  let high = local - offsetBefore; // already on the new offset
  const earlier = low;
  const later = high;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (offsetMs(middle, zone) === offsetBefore) low = middle;
    else high = middle;
  }
  return { kind: 'gap', earlier: new Date(earlier), transition: new Date(high), later: new Date(later) };
}

/** The instant at which the wall clock in `zone` shows `parts`; see {@link Disambiguation} for DST. */
export function fromZoned(parts: LocalDateTimeInput, zone: string = SWEDISH_ZONE, disambiguation: Disambiguation = 'compatible'): Date {
  const resolved = resolveZoned(parts, zone);
  switch (resolved.kind) {
    case 'unique':
      return resolved.instant;
    case 'overlap':
      if (disambiguation === 'reject') throw new RangeError(`${describe(parts)} happens twice in ${zone} (clocks go back)`);
      return disambiguation === 'later' ? resolved.later : resolved.earlier;
    case 'gap':
      if (disambiguation === 'reject') throw new RangeError(`${describe(parts)} does not exist in ${zone} (clocks go forward)`);
      return disambiguation === 'earlier' ? resolved.earlier : resolved.later;
  }
}

/**
 * The first instant of a local calendar day: 00:00 where it exists; where midnight falls in a gap, the
 * moment the clocks jump (the first instant that carries the date).
 */
export function startOfLocalDay(date: LocalDate, zone: string = SWEDISH_ZONE): Date {
  const resolved = resolveZoned({ ...date, hour: 0, minute: 0 }, zone);
  switch (resolved.kind) {
    case 'unique':
      return resolved.instant;
    case 'overlap':
      return resolved.earlier;
    case 'gap':
      return resolved.transition;
  }
}

function describe(parts: LocalDateTimeInput): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)}`;
}

/** Days since 1970-01-01 of a calendar date. */
export function epochDay(date: LocalDate): number {
  return Math.round(naiveEpochMs({ ...date, hour: 0, minute: 0 }) / MS_PER_DAY);
}

/** The calendar date `epochDay` days after 1970-01-01. */
export function fromEpochDay(day: number): LocalDate {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `date` moved by `days` calendar days (negative to go back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(epochDay(date) + days);
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return epochDay(a) - epochDay(b);
}

/** ISO weekday in cron numbering: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return (((epochDay(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}
