import { describe, expect, it } from '@jest/globals';
import { type Duration, durationProblem, formatDuration, InvalidDurationError, parseDuration } from './iso-duration.js';

const zero: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const d = (parts: Partial<Duration>): Duration => ({ ...zero, ...parts });

describe('parseDuration: accepted', () => {
  it.each<[string, Partial<Duration>, string]>([
    ['P2Y', { years: 2 }, 'P2Y'],
    ['P30D', { days: 30 }, 'P30D'],
    ['P6M', { months: 6 }, 'P6M'],
    ['P3W', { weeks: 3 }, 'P3W'],
    ['P0D', {}, 'P0D'],
    ['PT0S', {}, 'P0D'],
    ['P02Y', { years: 2 }, 'P2Y'],
    ['P2Y0M', { years: 2 }, 'P2Y'],
    ['P1Y2M3W4DT5H6M7S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }, 'P1Y2M3W4DT5H6M7S'],
    ['P1M', { months: 1 }, 'P1M'],
    ['PT1M', { minutes: 1 }, 'PT1M'],
    ['P1MT1M', { months: 1, minutes: 1 }, 'P1MT1M'],
    ['PT36H', { hours: 36 }, 'PT36H'],
    ['P1DT12H', { days: 1, hours: 12 }, 'P1DT12H'],
    ['P100Y', { years: 100 }, 'P100Y'],
    ['P1200M', { months: 1200 }, 'P1200M'],
    ['P36525D', { days: 36525 }, 'P36525D'],
    ['P5217W', { weeks: 5217 }, 'P5217W'],
    ['P99Y12M', { years: 99, months: 12 }, 'P99Y12M'],
  ])('%s', (text, parts, canonical) => {
    expect(parseDuration(text)).toEqual(d(parts));
    expect(durationProblem(text)).toBeUndefined();
    expect(formatDuration(parseDuration(text))).toBe(canonical);
  });
});

describe('parseDuration: refused with a reason for the problem body', () => {
  it.each<[string, RegExp]>([
    ['', /empty/],
    ['P', /no components/],
    ['PT', /no components/],
    ['P1DT', /"T" must be followed by hours, minutes or seconds/],
    ['P2Y1', /the number 1 at the end has no unit/],
    ['PT5', /the number 5 at the end has no unit; add H, M or S/],
    ['2Y', /must start with "P"/],
    ['Y2', /must start with "P"/],
    ['p2y', /uppercase: write "P2Y"/],
    ['P2y', /uppercase: write "P2Y"/],
    ['p2q', /must be uppercase/],
    ['-P2Y', /never negative/],
    ['+P2Y', /sign/],
    ['P-2Y', /unexpected character "-"/],
    ['P1.5Y', /fraction/],
    ['PT0.5S', /fraction/],
    ['PT0,5S', /fraction/],
    ['P.5Y', /fraction/],
    ['PY', /"Y" has no number before it/],
    ['P1H', /"H" must come after "T": write PT1H/],
    ['P1S', /must come after "T"/],
    ['PT1D', /"D" cannot come after "T"/],
    ['PT1Y', /cannot come after "T"/],
    ['P1M2Y', /out of order/],
    ['P0000002Y', /more than 6 digits; write it with fewer/],
    ['PT1000000S', /1000000S has more than 6 digits/],
    ['P1D1W', /out of order/],
    ['PT1S1H', /out of order/],
    ['P1Y2Y', /"Y" appears twice/],
    ['PT1M2M', /"M" appears twice/],
    ['P1DTT1H', /"T" twice/],
    ['P1DT1HT', /"T" twice/],
    ['P2X', /followed by "X", not a unit/],
    ['P2Y ', /whitespace/],
    [' P2Y', /whitespace/],
    ['P 2Y', /whitespace/],
    ['P101Y', /longer than 100 years/],
    ['P1201M', /longer than 100 years/],
    ['P36526D', /longer than 100 years/],
    ['P5218W', /longer than 100 years/],
    ['P100YT1S', /longer than 100 years/],
    ['P99999999999999999999Y', /more than 6 digits/],
    ['P999999Y', /longer than 100 years/],
    [`P${'1'.repeat(70)}D`, /longer than 64 characters/],
    ['P0002-00-00', /alternative format PYYYY-MM-DD is not supported/],
    ['P2-Y', /followed by "-", not a unit/],
    ['P２Y', /unexpected character/],
  ])('%j', (text, reason) => {
    expect(() => parseDuration(text)).toThrow(InvalidDurationError);
    expect(() => parseDuration(text)).toThrow(reason);
    expect(durationProblem(text)).toMatch(reason);
    expect(durationProblem(text)).toMatch(/^Invalid ISO 8601 duration /);
  });

  it('quotes the input and explains the missing unit ("P2Y1")', () => {
    expect(durationProblem('P2Y1')).toBe(
      'Invalid ISO 8601 duration "P2Y1": the number 1 at the end has no unit; add Y, M, W or D (or T before hours, minutes and seconds)',
    );
  });

  it('keeps long input short in the message', () => {
    expect(durationProblem(`P1Y${'x'.repeat(50)}`)!.length).toBeLessThan(200);
  });

  it('carries the text and reason on the error', () => {
    try {
      parseDuration('P1H');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDurationError);
      expect((error as InvalidDurationError).text).toBe('P1H');
      expect((error as InvalidDurationError).reason).toBe('"H" must come after "T": write PT1H');
    }
  });
});

describe('formatDuration', () => {
  it('leaves zero components out and writes zero as P0D', () => {
    expect(formatDuration(zero)).toBe('P0D');
    expect(formatDuration(d({ hours: 12 }))).toBe('PT12H');
    expect(formatDuration(d({ years: 2, seconds: 1 }))).toBe('P2YT1S');
  });

  it('refuses negative and fractional components', () => {
    expect(() => formatDuration(d({ years: -1 }))).toThrow(RangeError);
    expect(() => formatDuration(d({ days: 1.5 }))).toThrow(/whole number/);
  });

  it('round-trips every combination of components', () => {
    const fields = Object.keys(zero) as (keyof Duration)[];
    for (let mask = 0; mask < 1 << fields.length; mask += 1) {
      const duration = d(Object.fromEntries(fields.map((field, index) => [field, mask & (1 << index) ? index + 1 : 0])));
      expect(parseDuration(formatDuration(duration))).toEqual(duration);
    }
  });
});
