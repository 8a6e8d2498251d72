import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@insyn/observability';
import { decodeCursor, encodeCursor, filtersMatch, instantPosition, isInstant, oneOf, pageOf, pageStart } from './paging.js';

const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProblemException) return err.getResponse() as { errors?: { field: string }[] };
    throw err;
  }
  throw new Error('no problem');
};

describe('paging', () => {
  const after = ['2026-12-04T10:00:00.123Z', 'c0ffee00-0000-4000-8000-000000000001'] as const;

  it('round-trips the filters and the position, for its own sort only', () => {
    const cursor = encodeCursor('holds:set', { status: 'active', scope: 'unit' }, after);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('holds:set', cursor)).toEqual({ filters: { status: 'active', scope: 'unit' }, after });
    expect(decodeCursor('runs:started', cursor)).toBeUndefined();
  });

  it('refuses what it did not give', () => {
    const raw = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
    expect(decodeCursor('s', 'not a cursor')).toBeUndefined();
    expect(decodeCursor('s', raw({ v: 2, s: 's', f: {}, a: ['x'] }))).toBeUndefined();
    expect(decodeCursor('s', raw({ v: 1, s: 's', f: { n: 1 }, a: ['x'] }))).toBeUndefined();
    expect(decodeCursor('s', raw({ v: 1, s: 's', f: {}, a: [] }))).toBeUndefined();
    expect(decodeCursor('s', raw({ v: 1, s: 's', f: {}, a: [{}] }))).toBeUndefined();
    expect(decodeCursor('s', raw([1]))).toBeUndefined();
  });

  it('starts a later page where the cursor says, with its filters; a bad cursor or a differing filter is a 400 naming it', () => {
    const cursor = encodeCursor('s', { status: 'open' }, after);
    expect(pageStart('s', { cursor }, {})).toEqual({ filters: { status: 'open' }, after, limit: 200 });
    expect(pageStart<{ status?: string; scope?: string }>('s', {}, { scope: 'unit' }, { defaults: { status: 'open' } })).toEqual({
      filters: { status: 'open', scope: 'unit' },
      limit: 200,
    });
    // A default is not a filter given: the cursor's own holds.
    const closed = encodeCursor('s', { status: 'closed' }, after);
    expect(
      pageStart<{ status?: string }>('s', { cursor: closed }, { status: undefined }, { defaults: { status: 'open' } }).filters,
    ).toEqual({ status: 'closed' });
    expect(pageStart('s', { cursor, limit: 5 }, { status: 'open' })).toEqual({ filters: { status: 'open' }, after, limit: 5 });
    expect(problemOf(() => pageStart('s', { cursor }, { status: 'closed' })).errors?.map((e) => e.field)).toEqual(['status']);
    expect(problemOf(() => pageStart('s', { cursor: 'garbage!' }, {})).errors?.map((e) => e.field)).toEqual(['cursor']);
    expect(problemOf(() => pageStart('s', { cursor }, {}, { valid: (a) => a.length === 1 })).errors?.map((e) => e.field)).toEqual([
      'cursor',
    ]);
    // A cursor whose filters the query could not have given (made by hand) is refused as a whole.
    const validFilters = filtersMatch({ status: oneOf(['open', 'closed']), since: isInstant });
    expect(pageStart('s', { cursor }, {}, { validFilters }).filters).toEqual({ status: 'open' });
    for (const filters of [{ status: 'lost' }, { scope: 'unit' }, { since: 'yesterday' }, { toString: 'x' }]) {
      const forged = encodeCursor('s', filters, after);
      expect(problemOf(() => pageStart('s', { cursor: forged }, {}, { validFilters })).errors?.map((e) => e.field)).toEqual(['cursor']);
    }
  });

  it('cuts a read of limit + 1 to a page, with a next cursor only when more follow', () => {
    const start = { filters: { status: 'open' }, limit: 2 };
    const page = pageOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], start, 's', (x) => [x.id]);
    expect(page.items).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(decodeCursor('s', page.next!)).toEqual({ filters: { status: 'open' }, after: ['b'] });
    expect(pageOf([{ id: 'a' }, { id: 'b' }], start, 's', (x) => [x.id])).toEqual({ items: [{ id: 'a' }, { id: 'b' }] });
  });

  it('reads back the usual position, an instant and an id', () => {
    expect(instantPosition(after)).toEqual({ at: new Date(after[0]), id: after[1] });
    expect(instantPosition(['yesterday', 'c1'])).toBeUndefined();
    expect(instantPosition([after[0]])).toBeUndefined();
    expect(instantPosition([after[0], 7])).toBeUndefined();
    expect(instantPosition(undefined)).toBeUndefined();
  });
});
