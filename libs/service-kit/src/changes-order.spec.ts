import { describe, expect, it } from '@jest/globals';
import { encodeCursor } from './paging.js';
import { filtersOfOrder, sinceFilter, sortOf } from './changes-order.js';

const SORTS = { usual: 'things', changes: 'things.changes' };
const AT = ['2026-12-01T00:00:00.000Z', 'id-1'];

describe('the changes order of a retention list', () => {
  it('is asked for by `since`, or continued by a cursor of that order; otherwise the usual order', () => {
    expect(sortOf(SORTS, {})).toBe('things');
    expect(sortOf(SORTS, { since: '2026-12-01T00:00:00Z' })).toBe('things.changes');
    expect(sortOf(SORTS, { cursor: encodeCursor('things.changes', { since: '2026-12-01T00:00:00.000Z' }, AT) })).toBe('things.changes');
    expect(sortOf(SORTS, { cursor: encodeCursor('things', {}, AT) })).toBe('things');
    expect(sortOf(SORTS, { cursor: 'not-a-cursor' })).toBe('things');
    // `since` beside a cursor of the usual order asks for the changes order, where that cursor is refused.
    expect(sortOf(SORTS, { since: '2026-12-01T00:00:00Z', cursor: encodeCursor('things', {}, AT) })).toBe('things.changes');
  });

  it('checks a cursor’s filters: `since` (an instant) in the changes order only, and always there', () => {
    const tests = { status: (v: string) => v === 'open' };
    expect(filtersOfOrder(false, tests)({ status: 'open' })).toBe(true);
    expect(filtersOfOrder(false, tests)({ status: 'open', since: '2026-12-01T00:00:00.000Z' })).toBe(false);
    expect(filtersOfOrder(true, tests)({ status: 'open', since: '2026-12-01T00:00:00.000Z' })).toBe(true);
    expect(filtersOfOrder(true, tests)({ since: '2026-12-01T00:00:00.000Z' })).toBe(true);
    expect(filtersOfOrder(true, tests)({ status: 'open' })).toBe(false);
    expect(filtersOfOrder(true, tests)({ since: 'yesterday' })).toBe(false);
    expect(filtersOfOrder(true, tests)({ since: '2026-12-01T00:00:00.000Z', status: 'closed' })).toBe(false);
  });

  it('keeps `since` normalised, so the same instant written otherwise agrees', () => {
    expect(sinceFilter('2026-12-01T01:00:00+01:00')).toBe('2026-12-01T00:00:00.000Z');
    expect(sinceFilter(undefined)).toBeUndefined();
  });
});
