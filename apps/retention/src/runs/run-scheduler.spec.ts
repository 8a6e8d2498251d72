import { describe, expect, it } from '@jest/globals';
import { latestSlot } from './run-scheduler.js';

describe('latestSlot', () => {
  const daily2am = '0 2 * * *'; // 02:00 Swedish time
  it('is undefined until the first slot after `after` has come', () => {
    expect(latestSlot(daily2am, new Date('2026-03-15T01:00:00Z'), new Date('2026-03-16T00:59:00Z'))).toBeUndefined();
  });

  it('is the slot that has come (02:00 CET is 01:00Z in winter, 00:00Z in summer)', () => {
    expect(latestSlot(daily2am, new Date('2026-03-15T01:00:00Z'), new Date('2026-03-16T01:00:00Z'))).toEqual(
      new Date('2026-03-16T01:00:00Z'),
    );
    expect(latestSlot(daily2am, new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T09:00:00Z'))).toEqual(
      new Date('2026-06-02T00:00:00Z'),
    );
  });

  it('collapses missed slots into the latest one (one run serves them all)', () => {
    expect(latestSlot(daily2am, new Date('2024-01-01T00:00:00Z'), new Date('2026-03-16T12:00:00Z'))).toEqual(
      new Date('2026-03-16T01:00:00Z'),
    );
  });
});
