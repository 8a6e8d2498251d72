import { describe, expect, it } from '@jest/globals';
import { fromZoned } from '@insyn/platform';
import { addCalendarMonths, answerDueAt, easterSunday, extendedDueAt, isSwedishWorkingDay, swedishHolidays } from './legal-clock.js';

const stockholm = (y: number, mo: number, d: number, h = 12, mi = 0) => fromZoned({ year: y, month: mo, day: d, hour: h, minute: mi });
/** The Swedish wall-clock time of an instant, as `YYYY-MM-DD HH:MM:SS.mmm`. */
const local = (instant: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  })
    .format(instant)
    .replace(/(\d{2}:\d{2}:\d{2})[,.](\d{3})/, '$1.$2');

describe('the legal clock of a data-subject request (art. 12.3, Swedish time)', () => {
  it('is due at the end of the same date one month later', () => {
    // 2025-03-12 (Wednesday) → 2025-04-14 is a Monday; 12 April 2025 is a Saturday, so Monday 14.
    expect(local(answerDueAt(stockholm(2025, 3, 12)))).toBe('2025-04-14 23:59:59.999');
    // 2025-09-10 → Friday 10 October 2025.
    expect(local(answerDueAt(stockholm(2025, 9, 10)))).toBe('2025-10-10 23:59:59.999');
  });

  it('ends on the last day of a shorter month: 31 January → 28 February, or 29 in a leap year', () => {
    expect(addCalendarMonths({ year: 2025, month: 1, day: 31 }, 1)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(addCalendarMonths({ year: 2024, month: 1, day: 31 }, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addCalendarMonths({ year: 2024, month: 12, day: 31 }, 2)).toEqual({ year: 2025, month: 2, day: 28 });
    // Friday 28 February 2025; Thursday 29 February 2024.
    expect(local(answerDueAt(stockholm(2025, 1, 31)))).toBe('2025-02-28 23:59:59.999');
    expect(local(answerDueAt(stockholm(2024, 1, 31)))).toBe('2024-02-29 23:59:59.999');
  });

  it('counts the Swedish date of receipt, not UTC’s: 00:30 on 1 March in Stockholm is still 28 February in UTC', () => {
    const received = stockholm(2027, 3, 1, 0, 30);
    expect(received.toISOString().slice(0, 10)).toBe('2027-02-28');
    expect(local(answerDueAt(received))).toBe('2027-04-01 23:59:59.999');
  });

  it('ends at 23:59:59.999 local time across daylight-saving changes', () => {
    // Received in winter time (CET), due in summer time (CEST): 2026-03-04 → Monday 6 April 2026 is annandag påsk,
    // so Tuesday 7 April.
    const due = answerDueAt(stockholm(2026, 3, 6));
    expect(local(due)).toBe('2026-04-07 23:59:59.999');
    expect(due.toISOString()).toBe('2026-04-07T21:59:59.999Z');
    // Received in summer time, due in winter time: 2026-10-02 → Monday 2 November 2026.
    const winter = answerDueAt(stockholm(2026, 10, 2));
    expect(local(winter)).toBe('2026-11-02 23:59:59.999');
    expect(winter.toISOString()).toBe('2026-11-02T22:59:59.999Z');
  });

  it('moves a due day on a weekend or holiday to the next working day', () => {
    // 24 December 2026 (julafton, Thursday) → 25 juldagen, 26 annandag, 27 Sunday → Monday 28.
    expect(local(answerDueAt(stockholm(2026, 11, 24)))).toBe('2026-12-28 23:59:59.999');
    // Received 6 May 2027 → 6 June (nationaldagen, a Sunday) → Monday 7 June.
    expect(local(answerDueAt(stockholm(2027, 5, 6)))).toBe('2027-06-07 23:59:59.999');
    // Midsommarafton 2026 is Friday 19 June → Monday 22 June.
    expect(local(answerDueAt(stockholm(2026, 5, 19)))).toBe('2026-06-22 23:59:59.999');
  });

  it('extends by one or two further months from receipt, counted the same way', () => {
    const received = stockholm(2025, 1, 31);
    expect(local(extendedDueAt(received, 1))).toBe('2025-03-31 23:59:59.999');
    expect(local(extendedDueAt(received, 2))).toBe('2025-04-30 23:59:59.999');
  });

  it('knows the Swedish holidays, Easter and the Saturdays of midsummer and All Saints', () => {
    expect(easterSunday(2024)).toEqual({ year: 2024, month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ year: 2025, month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ year: 2026, month: 4, day: 5 });
    const h2025 = swedishHolidays(2025).map((d) => `${d.month}-${d.day}`);
    expect(h2025).toEqual(expect.arrayContaining(['4-18', '4-21', '5-29', '6-8', '6-20', '6-21', '11-1', '12-24', '12-31']));
    expect(swedishHolidays(2026).map((d) => `${d.month}-${d.day}`)).toEqual(expect.arrayContaining(['10-31', '6-19', '6-20', '5-14']));
    expect(isSwedishWorkingDay({ year: 2025, month: 4, day: 22 })).toBe(true);
    expect(isSwedishWorkingDay({ year: 2025, month: 4, day: 21 })).toBe(false);
  });
});
