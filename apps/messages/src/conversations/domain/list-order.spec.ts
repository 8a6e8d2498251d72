import { describe, expect, it } from '@jest/globals';
import { listFiltersOf, orderOf, pageFiltersOf } from './list-order.js';

describe('conversation list order', () => {
  it('orders by change with since, by recent activity without', () => {
    expect(orderOf({ since: new Date() })).toBe('changes');
    expect(orderOf({ status: 'open' })).toBe('recent');
  });

  it('keeps the filters in a cursor and reads them back; refuses what is not a conversation list’s', () => {
    const filters = { status: 'open' as const, caseReference: 'SOC 2026/12', since: new Date('2026-12-01T00:00:00Z') };
    expect(listFiltersOf(pageFiltersOf(filters))).toEqual(filters);
    expect(pageFiltersOf({ since: new Date('2026-12-01T00:00:00Z') })).toEqual({ since: '2026-12-01T00:00:00.000Z' });
    expect(listFiltersOf({ status: 'deleted' })).toBeUndefined();
    expect(listFiltersOf({ scope: 'unit' })).toBeUndefined();
    expect(listFiltersOf({ since: 'yesterday' })).toBeUndefined();
  });
});
