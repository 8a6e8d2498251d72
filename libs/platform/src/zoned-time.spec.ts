import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  dayOfWeek,
  fromZoned,
  localDateOf,
  offsetMs,
  resolveZoned,
  startOfLocalDay,
  SWEDISH_ZONE,
  zonedParts,
} from './zoned-time.js';

const HOUR = 3_600_000;
const at = (iso: string): Date => new Date(iso);

describe('zonedParts', () => {
  it('reads CET in winter and CEST in summer', () => {
    expect(zonedParts(at('2026-01-15T11:30:05.250Z'))).toEqual({
      year: 2026,
      month: 1,
      day: 15,
      hour: 12,
      minute: 30,
      second: 5,
      millisecond: 250,
    });
    expect(zonedParts(at('2026-07-01T22:30:00Z'))).toMatchObject({ month: 7, day: 2, hour: 0, minute: 30 });
    expect(offsetMs(Date.parse('2026-01-15T00:00:00Z'))).toBe(HOUR);
    expect(offsetMs(Date.parse('2026-07-15T00:00:00Z'))).toBe(2 * HOUR);
  });

  it('reads midnight as hour 0 and handles instants before 1970', () => {
    expect(zonedParts(at('2025-12-31T23:00:00Z'))).toMatchObject({ year: 2026, month: 1, day: 1, hour: 0 });
    expect(zonedParts(at('1969-12-31T22:59:59.999Z'))).toMatchObject({ year: 1969, day: 31, hour: 23, second: 59, millisecond: 999 });
  });

  it('works in other zones and refuses unknown ones and invalid dates', () => {
    expect(zonedParts(at('2026-01-15T11:30:00Z'), 'UTC')).toMatchObject({ hour: 11 });
    expect(zonedParts(at('2026-01-15T11:30:00Z'), 'America/New_York')).toMatchObject({ hour: 6 });
    expect(() => zonedParts(at('2026-01-15T11:30:00Z'), 'Europe/Gothenburg')).toThrow(/Unknown time zone "Europe\/Gothenburg"/);
    expect(() => zonedParts(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('fromZoned and resolveZoned around Swedish DST', () => {
  it('is the inverse of zonedParts outside the transitions', () => {
    for (let ms = Date.parse('2025-12-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 7 * HOUR + 123_457) {
      const parts = zonedParts(new Date(ms));
      const resolved = resolveZoned(parts);
      if (resolved.kind === 'unique') expect(resolved.instant.getTime()).toBe(ms);
      else expect(resolved.kind).toBe('overlap'); // the repeated hour: ms is one of the two
    }
  });

  it('spring forward 2026-03-29: 02:30 does not exist', () => {
    const resolved = resolveZoned({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 });
    expect(resolved).toEqual({
      kind: 'gap',
      earlier: at('2026-03-29T00:30:00Z'), // read as CEST: 01:30 CET
      transition: at('2026-03-29T01:00:00Z'), // the jump, 03:00 CEST
      later: at('2026-03-29T01:30:00Z'), // read as CET: 03:30 CEST
    });
    const parts = { year: 2026, month: 3, day: 29, hour: 2, minute: 30 };
    expect(fromZoned(parts)).toEqual(at('2026-03-29T01:30:00Z'));
    expect(fromZoned(parts, SWEDISH_ZONE, 'later')).toEqual(at('2026-03-29T01:30:00Z'));
    expect(fromZoned(parts, SWEDISH_ZONE, 'earlier')).toEqual(at('2026-03-29T00:30:00Z'));
    expect(() => fromZoned(parts, SWEDISH_ZONE, 'reject')).toThrow(/2026-03-29 02:30 does not exist in Europe\/Stockholm/);
    expect(fromZoned({ year: 2026, month: 3, day: 29, hour: 3, minute: 0 })).toEqual(at('2026-03-29T01:00:00Z'));
    expect(fromZoned({ year: 2026, month: 3, day: 29, hour: 1, minute: 59, second: 59 })).toEqual(at('2026-03-29T00:59:59Z'));
  });

  it('fall back 2026-10-25: 02:30 happens twice', () => {
    const parts = { year: 2026, month: 10, day: 25, hour: 2, minute: 30 };
    expect(resolveZoned(parts)).toEqual({ kind: 'overlap', earlier: at('2026-10-25T00:30:00Z'), later: at('2026-10-25T01:30:00Z') });
    expect(fromZoned(parts)).toEqual(at('2026-10-25T00:30:00Z'));
    expect(fromZoned(parts, SWEDISH_ZONE, 'earlier')).toEqual(at('2026-10-25T00:30:00Z'));
    expect(fromZoned(parts, SWEDISH_ZONE, 'later')).toEqual(at('2026-10-25T01:30:00Z'));
    expect(() => fromZoned(parts, SWEDISH_ZONE, 'reject')).toThrow(/happens twice/);
    expect(fromZoned({ ...parts, hour: 3, minute: 0 })).toEqual(at('2026-10-25T02:00:00Z'));
  });

  it('refuses impossible local times', () => {
    expect(() => fromZoned({ year: 2025, month: 2, day: 29, hour: 0, minute: 0 })).toThrow(/Not a valid local date/);
    expect(() => fromZoned({ year: 2026, month: 1, day: 1, hour: 24, minute: 0 })).toThrow(RangeError);
    expect(() => fromZoned({ year: 2026, month: 13, day: 1, hour: 0, minute: 0 })).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  it('starts a Swedish day at local midnight, also on DST days', () => {
    expect(startOfLocalDay({ year: 2026, month: 1, day: 1 })).toEqual(at('2025-12-31T23:00:00Z'));
    expect(startOfLocalDay({ year: 2026, month: 3, day: 29 })).toEqual(at('2026-03-28T23:00:00Z'));
    expect(startOfLocalDay({ year: 2026, month: 3, day: 30 })).toEqual(at('2026-03-29T22:00:00Z'));
    expect(startOfLocalDay({ year: 2026, month: 10, day: 25 })).toEqual(at('2026-10-24T22:00:00Z'));
    expect(startOfLocalDay({ year: 2026, month: 10, day: 26 })).toEqual(at('2026-10-25T23:00:00Z'));
  });

  it('starts a day whose midnight is skipped at the jump (America/Sao_Paulo, 2018-11-04)', () => {
    const start = startOfLocalDay({ year: 2018, month: 11, day: 4 }, 'America/Sao_Paulo');
    expect(start).toEqual(at('2018-11-04T03:00:00Z'));
    expect(zonedParts(start, 'America/Sao_Paulo')).toMatchObject({ day: 4, hour: 1, minute: 0 });
    expect(localDateOf(new Date(start.getTime() - 1), 'America/Sao_Paulo')).toEqual({ year: 2018, month: 11, day: 3 });
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addDays({ year: 2025, month: 2, day: 28 }, 1)).toEqual({ year: 2025, month: 3, day: 1 });
    expect(addDays({ year: 2025, month: 12, day: 31 }, 1)).toEqual({ year: 2026, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 1, day: 1 }, -1)).toEqual({ year: 2025, month: 12, day: 31 });
  });

  it('numbers weekdays as cron does', () => {
    expect(dayOfWeek({ year: 2026, month: 3, day: 29 })).toBe(0); // Sunday
    expect(dayOfWeek({ year: 2024, month: 1, day: 1 })).toBe(1); // Monday
    expect(dayOfWeek({ year: 1969, month: 12, day: 31 })).toBe(3); // Wednesday
  });
});
