import { addDays, daysInMonth, dayOfWeek, type LocalDate, localDateOf, SWEDISH_ZONE, startOfLocalDay } from '@insyn/platform';

/**
 * The legal clock of a data-subject request (GDPR art. 12.3), in Swedish time:
 * - the answer is due one month after receipt. A period in months ends on the same date of the later
 *   month, or on that month's last day when it has no such date (31 January → 28 or 29 February), and
 *   runs to the end of that day (Regulation 1182/71 art. 3.2 c);
 * - a period whose last day is a Saturday, a Sunday or a public holiday ends with the next working day
 *   (Regulation 1182/71 art. 3.4; in Sweden the allmänna helgdagar of lag (1989:253) and, as lag
 *   (1930:173) treats them, midsommarafton, julafton and nyårsafton);
 * - an official may extend by up to two further months, counted from the original due day, telling the
 *   person why within the first month.
 * Every instant is the end of a Swedish day: 23:59:59.999 local time, summer or winter.
 */

/** The end of a Swedish calendar day, as an instant. */
export function endOfLocalDay(date: LocalDate, zone = SWEDISH_ZONE): Date {
  return new Date(startOfLocalDay(addDays(date, 1), zone).getTime() - 1);
}

/** The same date `months` later, or the last day of that month when it has no such date. */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const key = (d: LocalDate) => `${d.year}-${d.month}-${d.day}`;

/** The Saturday in a span of dates (midsommardagen, alla helgons dag). */
function saturdayBetween(year: number, month: number, from: number): LocalDate {
  for (let day = from; day < from + 7; day++) if (dayOfWeek({ year, month, day }) === 6) return { year, month, day };
  throw new Error('unreachable');
}

/** Swedish public holidays (lag 1989:253) and the eves lag 1930:173 treats as such, of one year. */
export function swedishHolidays(year: number): LocalDate[] {
  const easter = easterSunday(year);
  const midsummerDay = saturdayBetween(year, 6, 20);
  const allSaints = dayOfWeek({ year, month: 10, day: 31 }) === 6 ? { year, month: 10, day: 31 } : saturdayBetween(year, 11, 1);
  return [
    { year, month: 1, day: 1 }, // nyårsdagen
    { year, month: 1, day: 6 }, // trettondedag jul
    addDays(easter, -2), // långfredagen
    easter, // påskdagen
    addDays(easter, 1), // annandag påsk
    { year, month: 5, day: 1 }, // första maj
    addDays(easter, 39), // Kristi himmelsfärdsdag
    addDays(easter, 49), // pingstdagen
    { year, month: 6, day: 6 }, // Sveriges nationaldag
    addDays(midsummerDay, -1), // midsommarafton
    midsummerDay, // midsommardagen
    allSaints, // alla helgons dag
    { year, month: 12, day: 24 }, // julafton
    { year, month: 12, day: 25 }, // juldagen
    { year, month: 12, day: 26 }, // annandag jul
    { year, month: 12, day: 31 }, // nyårsafton
  ];
}

const holidayCache = new Map<number, Set<string>>();

export function isSwedishWorkingDay(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  let holidays = holidayCache.get(date.year);
  if (!holidays) holidayCache.set(date.year, (holidays = new Set(swedishHolidays(date.year).map(key))));
  return !holidays.has(key(date));
}

function nextWorkingDay(date: LocalDate): LocalDate {
  let d = date;
  while (!isSwedishWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The Swedish date a period of `months` from `receivedAt` ends on, after moving off a non-working day. */
export function dueDay(receivedAt: Date, months: number, zone = SWEDISH_ZONE): LocalDate {
  return nextWorkingDay(addCalendarMonths(localDateOf(receivedAt, zone), months));
}

/** When the answer to a request received at `receivedAt` is due (one month, art. 12.3). */
export function answerDueAt(receivedAt: Date, zone = SWEDISH_ZONE): Date {
  return endOfLocalDay(dueDay(receivedAt, 1, zone), zone);
}

/** The due date after an extension of `months` (1 or 2) further months, counted like the first. */
export function extendedDueAt(receivedAt: Date, months: 1 | 2, zone = SWEDISH_ZONE): Date {
  return endOfLocalDay(dueDay(receivedAt, 1 + months, zone), zone);
}
