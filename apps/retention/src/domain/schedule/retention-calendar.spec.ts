import { describe, expect, it } from '@jest/globals';
import { nextRun, parseCron } from './cron.js';
import { type Duration, parseDuration } from './iso-duration.js';
import { addToLocalDate, anniversaryDate, cutoffFor, dueDate, forecastHorizon, isDue } from './retention-calendar.js';
import { addDays, daysInMonth, fromZoned, type LocalDate, localDateOf, startOfLocalDay } from '@insyn/platform';

const at = (iso: string): Date => new Date(iso);
const P = parseDuration;
/** An instant given as Stockholm wall-clock time, "2024-03-15 14:00". */
const local = (text: string): Date => {
  const [year, month, day, hour = 0, minute = 0] = text.split(/[- :]/).map(Number);
  return fromZoned({ year: year!, month: month!, day: day!, hour, minute });
};
const date = (text: string): LocalDate => {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
};

/** A seeded PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('the due-day rule', () => {
  it('a conversation closed 2024-03-15 14:00 with P2Y is due at 2026-03-16 00:00 Stockholm time, not earlier', () => {
    const closed = local('2024-03-15 14:00');
    expect(anniversaryDate(closed, P('P2Y'))).toEqual(date('2026-03-15'));
    expect(dueDate(closed, P('P2Y'))).toEqual(at('2026-03-15T23:00:00Z'));
    expect(isDue(closed, P('P2Y'), at('2026-03-15T22:59:59.999Z'))).toBe(false);
    expect(isDue(closed, P('P2Y'), local('2026-03-15 14:00'))).toBe(false); // exactly two years: not yet
    expect(isDue(closed, P('P2Y'), at('2026-03-15T23:00:00Z'))).toBe(true);
  });

  it('ignores the time of day of the trigger: the whole closing day falls due together', () => {
    const first = local('2024-03-15 00:00');
    const last = new Date(local('2024-03-16 00:00').getTime() - 1);
    expect(dueDate(first, P('P2Y'))).toEqual(dueDate(last, P('P2Y')));
    expect(dueDate(new Date(last.getTime() + 1), P('P2Y'))).toEqual(local('2026-03-17 00:00'));
  });

  it('counts in the Swedish calendar, not UTC: 00:30 local is the previous day in UTC', () => {
    const closed = local('2024-06-10 00:30'); // 2024-06-09T22:30Z
    expect(dueDate(closed, P('P30D'))).toEqual(local('2024-07-11 00:00'));
    expect(dueDate(closed, P('P30D'), 'UTC')).toEqual(at('2024-07-10T00:00:00Z'));
  });

  it('P0D is due when the trigger day is over', () => {
    expect(dueDate(local('2024-03-15 23:59'), P('P0D'))).toEqual(local('2024-03-16 00:00'));
  });

  it('adds time components as elapsed time first', () => {
    expect(dueDate(local('2024-03-15 14:00'), P('PT12H'))).toEqual(local('2024-03-17 00:00'));
    expect(dueDate(local('2024-03-15 11:59'), P('PT12H'))).toEqual(local('2024-03-16 00:00'));
    expect(dueDate(local('2024-03-15 14:00'), P('P1DT12H'))).toEqual(local('2024-03-18 00:00'));
  });
});

describe('calendar arithmetic', () => {
  it.each<[string, string, string]>([
    ['2024-01-31', 'P1M', '2024-02-29'],
    ['2023-01-31', 'P1M', '2023-02-28'],
    ['2024-03-31', 'P1M', '2024-04-30'],
    ['2024-02-29', 'P1Y', '2025-02-28'],
    ['2024-02-29', 'P4Y', '2028-02-29'],
    ['2024-02-29', 'P12M', '2025-02-28'],
    ['2024-01-31', 'P1Y1M', '2025-02-28'],
    ['2024-01-31', 'P1M1D', '2024-03-01'],
    ['2024-12-31', 'P1D', '2025-01-01'],
    ['2024-12-15', 'P1M', '2025-01-15'],
    ['2024-03-15', 'P2Y', '2026-03-15'],
    ['2024-03-15', 'P2W', '2024-03-29'],
    ['2024-01-01', 'P100Y', '2124-01-01'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(addToLocalDate(date(from), P(duration))).toEqual(date(expected));
  });

  it('a leap-day closing with P1Y is due on 1 March, like a closing on 28 February', () => {
    expect(dueDate(local('2024-02-29 10:00'), P('P1Y'))).toEqual(local('2025-03-01 00:00'));
    expect(dueDate(local('2024-02-28 10:00'), P('P1Y'))).toEqual(local('2025-03-01 00:00'));
  });

  it('is not moved by DST: the due instant is a local midnight in either season', () => {
    expect(dueDate(local('2024-07-01 12:00'), P('P6M'))).toEqual(at('2025-01-01T23:00:00Z')); // CEST → CET
    expect(dueDate(local('2025-01-10 12:00'), P('P6M'))).toEqual(at('2025-07-10T22:00:00Z')); // CET → CEST
    // Closed in the repeated hour, either occurrence.
    expect(dueDate(at('2026-10-25T00:30:00Z'), P('P1D'))).toEqual(local('2026-10-27 00:00'));
    expect(dueDate(at('2026-10-25T01:30:00Z'), P('P1D'))).toEqual(local('2026-10-27 00:00'));
    // Due on the day after spring-forward.
    expect(dueDate(local('2025-03-28 09:00'), P('P1Y'))).toEqual(at('2026-03-28T23:00:00Z'));
    expect(dueDate(local('2025-03-28 09:00'), P('P1Y1D'))).toEqual(at('2026-03-29T22:00:00Z'));
  });
});

describe('cutoffFor', () => {
  it('is the start of the day after the last closing date that is due', () => {
    expect(cutoffFor(local('2026-03-16 00:00'), P('P2Y'))).toEqual(local('2024-03-16 00:00'));
    expect(cutoffFor(local('2026-03-16 02:00'), P('P2Y'))).toEqual(local('2024-03-16 00:00'));
    expect(cutoffFor(at('2026-03-15T22:59:59.999Z'), P('P2Y'))).toEqual(local('2024-03-15 00:00'));
  });

  it('handles clamping, where several closing dates share one anniversary', () => {
    expect(cutoffFor(local('2025-03-01 00:00'), P('P1Y'))).toEqual(local('2024-03-01 00:00')); // 28 and 29 Feb due together
    expect(cutoffFor(local('2025-02-28 12:00'), P('P1Y'))).toEqual(local('2024-02-28 00:00'));
    expect(cutoffFor(local('2024-03-01 00:00'), P('P1M'))).toEqual(local('2024-02-01 00:00')); // 29–31 Jan → 29 Feb
    expect(cutoffFor(local('2024-02-29 12:00'), P('P1M'))).toEqual(local('2024-01-29 00:00'));
    expect(cutoffFor(local('2024-03-31 12:00'), P('P1M'))).toEqual(local('2024-03-01 00:00')); // 29 Feb → 29 Mar; 1 Mar → 1 Apr
  });

  it('moves back by the time components', () => {
    expect(cutoffFor(local('2024-03-17 00:00'), P('PT12H'))).toEqual(local('2024-03-16 12:00'));
    expect(isDue(local('2024-03-16 11:59'), P('PT12H'), local('2024-03-17 00:00'))).toBe(true);
    expect(isDue(local('2024-03-16 12:00'), P('PT12H'), local('2024-03-17 00:00'))).toBe(false);
  });

  /** Triggers and nows spread over years, with extra weight near the edges where mistakes hide. */
  function instantFrom(next: () => number): Date {
    const base = Date.parse('2019-06-01T00:00:00Z') + Math.floor(next() * 10 * 365 * 86_400_000);
    const kind = next();
    if (kind < 0.5) return new Date(base);
    const day = localDateOf(new Date(base));
    if (kind < 0.8) {
      // Within a couple of milliseconds or minutes of a local midnight.
      const jitter = next() < 0.5 ? Math.floor(next() * 5) - 2 : Math.floor((next() - 0.5) * 600_000);
      return new Date(startOfLocalDay(day).getTime() + jitter);
    }
    if (kind < 0.9) {
      // Some time on one of the last days of a month.
      const monthEnd = { ...day, day: Math.min(28 + Math.floor(next() * 4), daysInMonth(day.year, day.month)) };
      return new Date(startOfLocalDay(monthEnd).getTime() + Math.floor(next() * 86_400_000));
    }
    // Near a DST change (last Sunday of March or October, 00:00–04:00 UTC).
    const month = next() < 0.5 ? 3 : 10;
    const lastSunday = [31, 30, 29, 28, 27, 26, 25].find((d) => new Date(Date.UTC(day.year, month - 1, d)).getUTCDay() === 0)!;
    return new Date(Date.UTC(day.year, month - 1, lastSunday) + Math.floor(next() * 4 * 3_600_000));
  }

  const durations = ['P2Y', 'P1Y', 'P1M', 'P6M', 'P13M', 'P1M1D', 'P1Y1M', 'P30D', 'P3W', 'P0D', 'PT12H', 'P1DT21H40M', 'P2Y6M15D', 'P4Y'];

  it('dueDate(t, d) <= now exactly when t < cutoffFor(now, d), for 20 000 random cases', () => {
    const next = random(20260329);
    const failures: string[] = [];
    let dueCount = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const duration: Duration =
        next() < 0.6
          ? P(durations[Math.floor(next() * durations.length)]!)
          : {
              years: Math.floor(next() * 3),
              months: Math.floor(next() * 15),
              weeks: 0,
              days: Math.floor(next() * 40),
              hours: 0,
              minutes: 0,
              seconds: 0,
            };
      const trigger = instantFrom(next);
      const now = next() < 0.5 ? instantFrom(next) : new Date(dueDate(trigger, duration).getTime() + Math.floor(next() * 5) - 2);
      const cutoff = cutoffFor(now, duration);
      const due = isDue(trigger, duration, now);
      const selected = trigger.getTime() < cutoff.getTime();
      // The boundary itself: the last millisecond before the cutoff is due, the cutoff is not.
      const boundary = isDue(new Date(cutoff.getTime() - 1), duration, now) && !isDue(cutoff, duration, now);
      if (due !== selected || !boundary) {
        failures.push(`t=${trigger.toISOString()} d=${JSON.stringify(duration)} now=${now.toISOString()} cutoff=${cutoff.toISOString()}`);
      }
      if (due) dueCount += 1;
    }
    expect(failures).toEqual([]);
    expect(dueCount).toBeGreaterThan(5_000); // both outcomes are well represented
    expect(dueCount).toBeLessThan(15_000);
  });
});

describe('forecastHorizon', () => {
  it('ends the window at local midnight, days ahead', () => {
    const now = local('2026-03-01 10:00');
    expect(forecastHorizon(now, 30)).toEqual(local('2026-03-31 00:00')); // CEST by then
    expect(forecastHorizon(now, 0)).toEqual(local('2026-03-01 00:00'));
    expect(() => forecastHorizon(now, -1)).toThrow(RangeError);
  });

  it('selects what falls due within the next 30 and 90 days', () => {
    const now = local('2026-03-01 10:00');
    const after = P('P2Y');
    const closings = [
      local('2024-02-29 23:00'),
      local('2024-03-01 08:00'),
      local('2024-03-30 12:00'),
      local('2024-03-31 12:00'),
      local('2024-05-29 12:00'),
    ];
    const window = (days: number) => {
      const [from, to] = [cutoffFor(now, after), cutoffFor(forecastHorizon(now, days), after)];
      return closings.filter((t) => t >= from && t < to).map((t) => dueDate(t, after));
    };
    expect(window(30)).toEqual([local('2026-03-02 00:00'), local('2026-03-31 00:00')]);
    expect(window(90)).toEqual([
      local('2026-03-02 00:00'),
      local('2026-03-31 00:00'),
      local('2026-04-01 00:00'),
      local('2026-05-30 00:00'),
    ]);
  });
});

describe('simulated years of a daily gallring job', () => {
  it('deletes each item on the first run of the day after its anniversary, never a day early', () => {
    const next = random(42);
    const after = P('P2Y');
    const items = Array.from({ length: 400 }, () => instantOf(next));
    const deletedOn = new Map<number, LocalDate>();
    const job = parseCron('0 2 * * *');
    let runs = 0;
    for (let now = nextRun(job, local('2026-01-01 00:00')); now < local('2028-01-02 00:00'); now = nextRun(job, now)) {
      runs += 1;
      const cutoff = cutoffFor(now, after);
      items.forEach((closed, index) => {
        if (!deletedOn.has(index) && closed < cutoff) deletedOn.set(index, localDateOf(now));
      });
    }
    expect(runs).toBe(365 + 365 + 1); // 2026, 2027 and 2028-01-01
    items.forEach((closed, index) => {
      expect([closed.toISOString(), deletedOn.get(index)]).toEqual([closed.toISOString(), addDays(anniversaryDate(closed, after), 1)]);
    });
  });

  function instantOf(next: () => number): Date {
    // Closings across 2024 and 2025, half of them within minutes of a local midnight.
    const ms = Date.parse('2024-01-01T00:00:00Z') + Math.floor(next() * 2 * 365 * 86_400_000);
    if (next() < 0.5) return new Date(ms);
    return new Date(startOfLocalDay(localDateOf(new Date(ms))).getTime() + Math.floor((next() - 0.5) * 120_000));
  }
});
