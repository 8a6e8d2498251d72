import { type Duration, timeComponentsMs } from './iso-duration.js';
import { addDays, compareLocalDates, daysInMonth, type LocalDate, localDateOf, SWEDISH_ZONE, startOfLocalDay } from '@insyn/platform';

/**
 * When a retained item becomes due for gallring, in Swedish legal time (Europe/Stockholm).
 *
 * THE DUE-DAY RULE. "Gallras två år efter ärendets avslutande" means the whole period must have passed.
 * The period is counted in calendar days of the zone: the trigger's local date plus the duration gives
 * the anniversary date, and the period runs to the end of that day. The item is due at the START of the
 * following day (00:00 local), never earlier. A conversation closed 2024-03-15 14:00 with `P2Y` has its
 * anniversary on 2026-03-15 and is due at 2026-03-16 00:00 Europe/Stockholm (2026-03-15T23:00:00Z). The
 * time of day of the trigger does not matter: everything closed on 2024-03-15 is due at the same instant.
 *
 * Calendar arithmetic: years and months first, clamping the day to the end of a shorter month
 * (2024-01-31 + P1M = 2024-02-29, 2024-02-29 + P1Y = 2025-02-28), then weeks and days. Since the date
 * is local, DST never moves a due date: it is always a local midnight, and Stockholm never changes its
 * clocks at midnight. Time components (rare in rules) are added first as elapsed time to the trigger
 * instant; the calendar units are then added to that instant's local date. That order keeps the due
 * date monotone in the trigger instant, which {@link cutoffFor} relies on.
 *
 * Purge selections use the inverse: for any `now`, `t < cutoffFor(now, d)` exactly when
 * `dueDate(t, d) <= now` ("triggeredBefore" is strict). The cutoff is always a local midnight minus the
 * time components of the duration.
 */

/** `date` plus the calendar units of `duration` (years and months with end-of-month clamping, then weeks and days). */
export function addToLocalDate(date: LocalDate, duration: Duration): LocalDate {
  return addDays(addMonths(date, duration.years * 12 + duration.months), duration.weeks * 7 + duration.days);
}

/** `date` minus the calendar units of `duration`, clamping the same way. Not an exact inverse of {@link addToLocalDate}. */
export function subtractFromLocalDate(date: LocalDate, duration: Duration): LocalDate {
  return addMonths(addDays(date, -(duration.weeks * 7 + duration.days)), -(duration.years * 12 + duration.months));
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** The local calendar date on which the period that started at `triggerAt` is complete (the anniversary). */
export function anniversaryDate(triggerAt: Date, after: Duration, zone: string = SWEDISH_ZONE): LocalDate {
  const shifted = new Date(triggerAt.getTime() + timeComponentsMs(after));
  return addToLocalDate(localDateOf(shifted, zone), after);
}

/** The instant an item triggered at `triggerAt` becomes due: 00:00 local on the day after the anniversary. */
export function dueDate(triggerAt: Date, after: Duration, zone: string = SWEDISH_ZONE): Date {
  return startOfLocalDay(addDays(anniversaryDate(triggerAt, after, zone), 1), zone);
}

/** Whether an item triggered at `triggerAt` is due at `now`. */
export function isDue(triggerAt: Date, after: Duration, now: Date, zone: string = SWEDISH_ZONE): boolean {
  return dueDate(triggerAt, after, zone).getTime() <= now.getTime();
}

/**
 * The purge boundary at `now`: items triggered strictly before the returned instant are due, items
 * triggered at or after it are not (`t < cutoffFor(now, d)` ⇔ `dueDate(t, d) <= now`).
 */
export function cutoffFor(now: Date, after: Duration, zone: string = SWEDISH_ZONE): Date {
  // Due at now ⇔ anniversary + 1 day <= today ⇔ anniversary <= yesterday. Find the last local trigger
  // date whose anniversary is on or before yesterday. Clamping makes subtraction inexact (2024-02-29,
  // 2024-01-29..31 + P1M all land on 2024-02-29), so correct the estimate in both directions; the
  // anniversary is monotone in the trigger date, so a step or two settles it.
  const yesterday = addDays(localDateOf(now, zone), -1);
  const within = (date: LocalDate): boolean => compareLocalDates(addToLocalDate(date, after), yesterday) <= 0;
  let last = subtractFromLocalDate(yesterday, after);
  while (!within(last)) last = addDays(last, -1);
  while (within(addDays(last, 1))) last = addDays(last, 1);
  return new Date(startOfLocalDay(addDays(last, 1), zone).getTime() - timeComponentsMs(after));
}

/**
 * The end of a forecast window of `days` local days from `now` (00:00 local, `days` days after today).
 * Items due by then (`dueDate <= horizon`) are those triggered before `cutoffFor(horizon, d)`; the ones
 * that fall due within the window are those triggered in `[cutoffFor(now, d), cutoffFor(horizon, d))`.
 */
export function forecastHorizon(now: Date, days: number, zone: string = SWEDISH_ZONE): Date {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`Forecast days must be a non-negative whole number, got ${days}`);
  return startOfLocalDay(addDays(localDateOf(now, zone), days), zone);
}
