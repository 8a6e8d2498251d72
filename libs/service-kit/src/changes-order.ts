import { decodeCursor, filtersMatch, isInstant, type PageFilters } from './paging.js';

/**
 * The two orders of a list that grows (retention's runs and holds), each total and paged by the shared cursor
 * (paging.ts, ADR 0018):
 * - the list's usual order, without `since` (runs newest first, holds in the order they were set);
 * - the changes order, with `since`: what changed strictly after the instant, oldest change first, by
 *   `changedAt` then id, ascending, so a system that syncs sees every change and ends at the newest; it
 *   passes the greatest `changedAt` it saw as its next `since`. An item that changes again while it pages
 *   comes again, later.
 *
 * Each order has its own sort name in the cursor, so a cursor of one order is refused in the other. A page
 * reached by following `Link` carries only the cursor: its sort name says which order it continues.
 */
export interface ListSorts {
  /** The cursor's name for the usual order. */
  usual: string;
  /** The cursor's name for the changes order (`since`). */
  changes: string;
}

/** The sort a request asks for: the changes order when `since` is given or the cursor is of that order; else the usual one. */
export function sortOf(sorts: ListSorts, query: { since?: string; cursor?: string }): string {
  if (query.since !== undefined) return sorts.changes;
  if (query.cursor !== undefined && decodeCursor(sorts.changes, query.cursor)) return sorts.changes;
  return sorts.usual;
}

/**
 * The check of a cursor's filters (only these names, each passing its test), for the given order: a
 * cursor of the changes order carries `since` (an instant), one of the usual order never does.
 */
export function filtersOfOrder(changes: boolean, tests: Record<string, (value: string) => boolean>): (filters: PageFilters) => boolean {
  const match = filtersMatch(changes ? { ...tests, since: isInstant } : tests);
  return (filters) => (!changes || filters.since !== undefined) && match(filters);
}

/** `since` as a cursor keeps it: normalised, so the same instant written otherwise still agrees with the cursor's. */
export const sinceFilter = (since: string | undefined): string | undefined =>
  since === undefined ? undefined : new Date(since).toISOString();
