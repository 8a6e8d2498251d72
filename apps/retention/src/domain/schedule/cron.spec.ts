import { describe, expect, it } from '@jest/globals';
import { type CronSchedule, cronProblem, InvalidCronError, nextRun, parseCron, runsBetween } from './cron.js';
import { addDays, dayOfWeek, fromZoned, type LocalDate, zonedParts } from '@insyn/platform';

const at = (iso: string): Date => new Date(iso);
/** An instant given as Stockholm wall-clock time, "2026-03-29 02:30" (the first occurrence if repeated). */
const local = (text: string): Date => {
  const [year, month, day, hour = 0, minute = 0, second = 0] = text.split(/[- :]/).map(Number);
  return fromZoned({ year: year!, month: month!, day: day!, hour, minute, second });
};
const wall = (instant: Date): string => {
  const p = zonedParts(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
};
/** Runs from 00:00 local on `from` to the end of `to` (local dates, inclusive). */
const runsOnDays = (schedule: CronSchedule, from: string, to: string): Date[] =>
  runsBetween(schedule, new Date(local(`${from} 00:00`).getTime() - 1), new Date(local(`${addOne(to)} 00:00`).getTime() - 1));
const addOne = (text: string): string => {
  const [year, month, day] = text.split('-').map(Number);
  const next = addDays({ year: year!, month: month!, day: day! }, 1);
  return `${next.year}-${next.month}-${next.day}`;
};

describe('parseCron', () => {
  it.each<[string, Partial<CronSchedule>]>([
    ['0 2 * * *', { minutes: [0], hours: [2], daysOfMonth: range(1, 31), months: range(1, 12), daysOfWeek: range(0, 6) }],
    ['*/15 * * * *', { minutes: [0, 15, 30, 45], hours: range(0, 23) }],
    ['0 3 1 * *', { minutes: [0], hours: [3], daysOfMonth: [1], dayOfMonthStar: false, dayOfWeekStar: true }],
    ['30 1 * * MON-FRI', { minutes: [30], hours: [1], daysOfWeek: [1, 2, 3, 4, 5], dayOfMonthStar: true, dayOfWeekStar: false }],
    ['30 1 * * mon-fri', { daysOfWeek: [1, 2, 3, 4, 5] }],
    ['0 0 * JAN,jul *', { months: [1, 7] }],
    ['0 0 * * 5-7', { daysOfWeek: [0, 5, 6] }],
    ['0 0 * * 0,7', { daysOfWeek: [0] }],
    ['0 0 * * SUN', { daysOfWeek: [0] }],
    ['1-10/3 * * * *', { minutes: [1, 4, 7, 10] }],
    ['0 8-18/2 * * *', { hours: [8, 10, 12, 14, 16, 18] }],
    ['0 0 */10 * *', { daysOfMonth: [1, 11, 21, 31], dayOfMonthStar: true }],
    ['5,1,3,1 * * * *', { minutes: [1, 3, 5] }],
    ['*/60 * * * *', { minutes: [0] }],
    ['  0\t2  * *   *  ', { minutes: [0], hours: [2] }],
    ['0 0 30 2 MON', { daysOfMonth: [30], months: [2], daysOfWeek: [1] }], // OR: Mondays in February
    ['0 0 29 2 *', { daysOfMonth: [29], months: [2] }],
    ['0 0 * JUL WED', { months: [7], daysOfWeek: [3] }],
    ['0 0 * apr-jul sat,Wed', { months: [4, 5, 6, 7], daysOfWeek: [3, 6] }],
  ])('%j', (text, expected) => {
    expect(parseCron(text)).toMatchObject({ source: text, ...expected });
    expect(cronProblem(text)).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ['', /empty; expected five fields/],
    ['   ', /empty/],
    ['@daily', /macros such as @daily are not supported/],
    ['* * * *', /4 fields; expected 5: minute hour day-of-month month day-of-week/],
    ['0 * * * * *', /6 fields/],
    ['0 0 2 * * 2026', /6 fields/],
    ['60 * * * *', /minute 60 is out of range 0-59/],
    ['* 24 * * *', /hour 24 is out of range 0-23/],
    ['* * 0 * *', /day-of-month 0 is out of range 1-31/],
    ['* * 32 * *', /day-of-month 32 is out of range/],
    ['* * * 13 *', /month 13 is out of range 1-12/],
    ['* * * * 8', /day-of-week 8 is out of range 0-7/],
    ['5-2 * * * *', /range 5-2 runs backwards/],
    ['* * * * FRI-MON', /runs backwards; wrap-around ranges are not supported/],
    ['*/0 * * * *', /at least 1/],
    ['*/90 * * * *', /step 90 is wider than the minute field/],
    ['*/x * * * *', /step "x" in the minute field is not a whole number/],
    ['5/10 * * * *', /"5\/10" is not supported in the minute field; write 5-59\/10/],
    ['*/5/2 * * * *', /more than one "\/"/],
    ['1-2-3 * * * *', /not a range a-b/],
    ['1- * * * *', /empty value/],
    ['1,,2 * * * *', /empty list item/],
    ['1, * * * *', /empty list item/],
    ['a * * * *', /"a" in the minute field is not a number$/],
    ['* * * FOO *', /"FOO" in the month field is not a number or a name such as FEB/],
    ['* * * * MONDAY', /"MONDAY" in the day-of-week field/],
    ['0 0 L * *', /Quartz syntax/],
    ['0 0 15W * *', /Quartz syntax/],
    ['0 0 ? * MON', /Quartz syntax/],
    ['0 0 * * MON#2', /Quartz syntax/],
    ['0 0 * * 5L', /Quartz syntax/],
    ['0 0 30 2 *', /never runs: no month in the month field has day 30/],
    ['0 0 31 4,6,9,11 *', /never runs/],
    ['0 0 30,31 FEB */2', /never runs/],
    [`0 0 * * ${'1,'.repeat(120)}1`, /longer than 200 characters/],
  ])('refuses %j', (text, reason) => {
    expect(() => parseCron(text)).toThrow(InvalidCronError);
    expect(() => parseCron(text)).toThrow(reason);
    expect(cronProblem(text)).toMatch(/^Invalid cron schedule /);
    expect(cronProblem(text)).toMatch(reason);
  });
});

describe('nextRun', () => {
  it('is strictly after the given instant', () => {
    const daily = parseCron('0 2 * * *');
    expect(wall(nextRun(daily, local('2026-01-15 01:59')))).toBe('2026-01-15 02:00');
    expect(wall(nextRun(daily, local('2026-01-15 02:00')))).toBe('2026-01-16 02:00');
    expect(wall(nextRun(daily, new Date(local('2026-01-15 02:00').getTime() - 1)))).toBe('2026-01-15 02:00');
    expect(nextRun(daily, local('2026-01-15 01:59'))).toEqual(at('2026-01-15T01:00:00Z'));
  });

  it('every 15 minutes', () => {
    const quarter = parseCron('*/15 * * * *');
    expect(wall(nextRun(quarter, local('2026-05-05 10:07:30')))).toBe('2026-05-05 10:15');
    expect(wall(nextRun(quarter, local('2026-05-05 10:15')))).toBe('2026-05-05 10:30');
    expect(wall(nextRun(quarter, local('2026-05-05 23:50')))).toBe('2026-05-06 00:00');
    expect(wall(nextRun(quarter, local('2025-12-31 23:59:59')))).toBe('2026-01-01 00:00');
  });

  it('monthly, across the year end', () => {
    const monthly = parseCron('0 3 1 * *');
    expect(nextRun(monthly, local('2025-12-15 12:00'))).toEqual(at('2026-01-01T02:00:00Z'));
    expect(wall(nextRun(monthly, local('2026-01-01 03:00')))).toBe('2026-02-01 03:00');
  });

  it('weekdays only', () => {
    const weekdays = parseCron('30 1 * * MON-FRI');
    expect(wall(nextRun(weekdays, local('2026-01-16 01:30')))).toBe('2026-01-19 01:30'); // Friday → Monday
    expect(wall(nextRun(weekdays, local('2026-01-14 01:29')))).toBe('2026-01-14 01:30');
  });

  it('29 February waits for the next leap year, skipping 2100', () => {
    const leap = parseCron('0 0 29 2 *');
    expect(wall(nextRun(leap, local('2024-03-01 00:00')))).toBe('2028-02-29 00:00');
    expect(wall(nextRun(leap, local('2096-03-01 00:00')))).toBe('2104-02-29 00:00');
  });

  it('runs when EITHER restricted day field matches (0 0 13 * FRI)', () => {
    const runs = runsOnDays(parseCron('0 0 13 * FRI'), '2026-01-01', '2026-02-28').map(wall);
    expect(runs).toEqual([
      '2026-01-02 00:00',
      '2026-01-09 00:00',
      '2026-01-13 00:00', // a Tuesday
      '2026-01-16 00:00',
      '2026-01-23 00:00',
      '2026-01-30 00:00',
      '2026-02-06 00:00',
      '2026-02-13 00:00', // a Friday, once
      '2026-02-20 00:00',
      '2026-02-27 00:00',
    ]);
  });

  it('runs when BOTH match if a day field starts with * (0 0 */10 * MON)', () => {
    const runs = runsOnDays(parseCron('0 0 */10 * MON'), '2026-01-01', '2026-12-31');
    expect(runs.map(wall)).toEqual(['2026-05-11 00:00', '2026-06-01 00:00', '2026-08-31 00:00', '2026-09-21 00:00', '2026-12-21 00:00']);
    for (const run of runs) {
      const parts = zonedParts(run);
      expect([1, 11, 21, 31]).toContain(parts.day);
      expect(dayOfWeek(parts)).toBe(1);
    }
  });

  it('works in other zones', () => {
    const daily = parseCron('0 2 * * *');
    expect(nextRun(daily, at('2026-07-01T00:00:00Z'), 'UTC')).toEqual(at('2026-07-01T02:00:00Z'));
    expect(nextRun(daily, at('2026-07-01T00:00:00Z'), 'America/New_York')).toEqual(at('2026-07-01T06:00:00Z'));
    expect(() => nextRun(daily, at('2026-07-01T00:00:00Z'), 'Mars/Olympus')).toThrow(/Unknown time zone/);
  });
});

describe('DST in Europe/Stockholm', () => {
  it('spring forward 2026-03-29: a 02:30 job runs at 03:00 CEST, the moment the clocks jump', () => {
    const job = parseCron('30 2 * * *');
    const runs = runsOnDays(job, '2026-03-28', '2026-03-30');
    expect(runs).toEqual([at('2026-03-28T01:30:00Z'), at('2026-03-29T01:00:00Z'), at('2026-03-30T00:30:00Z')]);
    expect(runs.map(wall)).toEqual(['2026-03-28 02:30', '2026-03-29 03:00', '2026-03-30 02:30']);
  });

  it('spring forward: the times in the gap collapse into one run at 03:00', () => {
    expect(runsOnDays(parseCron('*/15 * * * *'), '2026-03-29', '2026-03-29')).toHaveLength(92);
    expect(runsOnDays(parseCron('0 * * * *'), '2026-03-29', '2026-03-29')).toHaveLength(23);
    expect(runsOnDays(parseCron('0,30 2 * * *'), '2026-03-29', '2026-03-29').map(wall)).toEqual(['2026-03-29 03:00']);
    const quarter = parseCron('*/15 * * * *');
    expect(nextRun(quarter, at('2026-03-29T00:45:00Z'))).toEqual(at('2026-03-29T01:00:00Z')); // 01:45 CET → 03:00 CEST
    expect(nextRun(quarter, at('2026-03-29T01:00:00Z'))).toEqual(at('2026-03-29T01:15:00Z'));
  });

  it('fall back 2026-10-25: a 02:30 job runs once, at the first 02:30 (CEST)', () => {
    const runs = runsOnDays(parseCron('30 2 * * *'), '2026-10-24', '2026-10-26');
    expect(runs).toEqual([at('2026-10-24T00:30:00Z'), at('2026-10-25T00:30:00Z'), at('2026-10-26T01:30:00Z')]);
  });

  it('fall back: each wall time runs once, so frequent jobs pause during the repeated hour', () => {
    const quarter = parseCron('*/15 * * * *');
    expect(runsOnDays(quarter, '2026-10-25', '2026-10-25')).toHaveLength(96);
    expect(runsOnDays(parseCron('0 * * * *'), '2026-10-25', '2026-10-25')).toHaveLength(24);
    expect(nextRun(quarter, at('2026-10-25T00:45:00Z'))).toEqual(at('2026-10-25T02:00:00Z')); // 02:45 CEST → 03:00 CET
    expect(nextRun(quarter, at('2026-10-25T01:10:00Z'))).toEqual(at('2026-10-25T02:00:00Z')); // from inside the second 02:xx
  });
});

describe('three simulated years, 2024-01-01 to 2026-12-31', () => {
  it('a daily job fires 1096 times, at 02:00 local or at 03:00 on the three spring-forward days', () => {
    const runs = runsOnDays(parseCron('0 2 * * *'), '2024-01-01', '2026-12-31');
    expect(runs).toHaveLength(366 + 365 + 365);
    const at3 = runs.map(wall).filter((text) => !text.endsWith(' 02:00'));
    expect(at3).toEqual(['2024-03-31 03:00', '2025-03-30 03:00', '2026-03-29 03:00']);
    const gaps = new Set(runs.slice(1).map((run, index) => (run.getTime() - runs[index]!.getTime()) / 3_600_000));
    expect([...gaps].sort()).toEqual([23, 24, 25]);
  });

  it('a 15-minute job fires 96 times a day, less the 4 skipped slots of each spring-forward day', () => {
    const start = Date.now();
    expect(runsOnDays(parseCron('*/15 * * * *'), '2024-01-01', '2026-12-31')).toHaveLength(1096 * 96 - 3 * 4);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it('weekday, monthly and leap-day jobs fire on the expected days', () => {
    let weekdays = 0;
    for (let day: LocalDate = { year: 2024, month: 1, day: 1 }; day.year < 2027; day = addDays(day, 1)) {
      if (dayOfWeek(day) >= 1 && dayOfWeek(day) <= 5) weekdays += 1;
    }
    expect(runsOnDays(parseCron('30 1 * * MON-FRI'), '2024-01-01', '2026-12-31')).toHaveLength(weekdays);
    expect(weekdays).toBe(784);
    expect(runsOnDays(parseCron('0 3 1 * *'), '2024-01-01', '2026-12-31')).toHaveLength(36);
    expect(runsOnDays(parseCron('0 0 29 2 *'), '2024-01-01', '2032-12-31').map(wall)).toEqual([
      '2024-02-29 00:00',
      '2028-02-29 00:00',
      '2032-02-29 00:00',
    ]);
    expect(runsOnDays(parseCron('0 0 31 * *'), '2024-01-01', '2026-12-31')).toHaveLength(21);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
