import { describe, expect, it } from '@jest/globals';
import { inOrder, listFiltersOf, NOTICE_LIST_SORT, orderOf, pageFiltersOf, positionOf, validPosition } from './notice-list-order.js';

const item = (id: string, changedAt: string) => ({ id, changedAt });
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('notice list order', () => {
  it('orders by change with since, by id without; each order has its own cursor name', () => {
    expect(orderOf({ since: new Date() })).toBe('changes');
    expect(orderOf({ controller: 'Umeå' })).toBe('by-id');
    expect(NOTICE_LIST_SORT['by-id']).not.toBe(NOTICE_LIST_SORT.changes);
  });

  it('keeps the filters in a cursor, since normalised, and reads them back; refuses what is not this list’s', () => {
    const filters = { controller: '212000-2627', activity: 'meddelanden', since: new Date('2026-12-01T00:00:00Z') };
    expect(listFiltersOf(pageFiltersOf(filters))).toEqual(filters);
    expect(pageFiltersOf({ since: new Date('2026-12-01T01:00:00+01:00') })).toEqual({ since: '2026-12-01T00:00:00.000Z' });
    expect(pageFiltersOf({})).toEqual({});
    expect(listFiltersOf({ since: 'yesterday' })).toBeUndefined();
    expect(listFiltersOf({ status: 'open' })).toBeUndefined();
    expect(listFiltersOf({ activity: 'x'.repeat(101) })).toBeUndefined();
    expect(listFiltersOf({ controller: 'x'.repeat(301) })).toBeUndefined();
  });

  it('takes a position of its own order only', () => {
    expect(validPosition('by-id', ['a'])).toBe(true);
    expect(validPosition('by-id', ['2026-12-01T00:00:00.000Z', 'a'])).toBe(false);
    expect(validPosition('changes', ['2026-12-01T00:00:00.000Z', 'a'])).toBe(true);
    expect(validPosition('changes', ['a'])).toBe(false);
    expect(validPosition('changes', ['not a time', 'a'])).toBe(false);
    expect(validPosition('changes', ['2026-12-01T00:00:00.000Z', ''])).toBe(false);
    expect(positionOf('by-id', item('a', '2026-12-01T00:00:00Z'))).toEqual(['a']);
    expect(positionOf('changes', item('a', '2026-12-01T00:00:00Z'))).toEqual(['2026-12-01T00:00:00.000Z', 'a']);
  });

  it('by id: every item, by code unit, after the cursor’s id', () => {
    const items = [item('b', '2026-01-01T00:00:00Z'), item('a', '2026-03-01T00:00:00Z'), item('C', '2026-02-01T00:00:00Z')];
    expect(ids(inOrder(items, {}))).toEqual(['C', 'a', 'b']);
    expect(ids(inOrder(items, {}, ['C']))).toEqual(['a', 'b']);
  });

  it('by change: only what changed strictly after since, oldest first, ties by id; then after the cursor’s position', () => {
    const items = [
      item('d', '2026-12-03T00:00:00.000Z'),
      item('c', '2026-12-02T00:00:00.000Z'),
      item('b', '2026-12-02T00:00:00.000Z'),
      item('a', '2026-12-01T00:00:00.000Z'),
      item('e', '2026-11-30T00:00:00.000Z'),
    ];
    const since = new Date('2026-12-01T00:00:00Z');
    expect(ids(inOrder(items, { since }))).toEqual(['b', 'c', 'd']);
    expect(ids(inOrder(items, { since }, ['2026-12-02T00:00:00.000Z', 'b']))).toEqual(['c', 'd']);
    expect(ids(inOrder(items, { since }, ['2026-12-02T00:00:00.000Z', 'c']))).toEqual(['d']);
    expect(ids(inOrder(items, { since: new Date('2026-12-03T00:00:00Z') }))).toEqual([]);
  });

  it('compares times as instants, not as text', () => {
    const items = [item('a', '2026-12-01T01:30:00+01:00'), item('b', '2026-12-01T00:20:00.000Z')];
    expect(ids(inOrder(items, { since: new Date('2026-12-01T00:00:00Z') }))).toEqual(['b', 'a']);
  });
});
