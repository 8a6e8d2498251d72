import type { PageFilters } from '@insyn/service-kit';

/**
 * The orders of a conversation list, each total (a time, then the id), paged by the shared cursor
 * (libs/service-kit paging.ts):
 * - `recent` (no `since`): newest activity first, by `lastMessageAt` then id, descending;
 * - `changes` (with `since`): what changed after the instant, oldest change first, by `changedAt` then id,
 *   ascending, so a system that syncs sees every change once per pass and ends at the newest.
 */
export type ListOrder = 'recent' | 'changes';

/** The cursor's name for conversation lists; the order itself follows from `since`, which the cursor keeps. */
export const CONVERSATION_LIST = 'conversations';

export interface ListFilters {
  status?: 'open' | 'closed';
  caseReference?: string;
  since?: Date;
}

/** Where a page starts: after this item (its time in the order, then its id). */
export interface ListPosition {
  at: Date;
  id: string;
}

export const orderOf = (filters: ListFilters): ListOrder => (filters.since ? 'changes' : 'recent');

/** The filters as a cursor keeps them (`since` normalised, so the same instant written otherwise still agrees). */
export function pageFiltersOf(filters: ListFilters): PageFilters {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.caseReference ? { caseReference: filters.caseReference } : {}),
    ...(filters.since ? { since: filters.since.toISOString() } : {}),
  };
}

/** The filters a cursor kept, or undefined when they are not a conversation list's. */
export function listFiltersOf(filters: PageFilters): ListFilters | undefined {
  const { status, caseReference, since, ...rest } = filters;
  if (Object.keys(rest).length) return undefined;
  if (status !== undefined && status !== 'open' && status !== 'closed') return undefined;
  if (caseReference !== undefined && caseReference.length > 64) return undefined;
  const sinceAt = since === undefined ? undefined : new Date(since);
  if (sinceAt && Number.isNaN(sinceAt.getTime())) return undefined;
  return { ...(status ? { status } : {}), ...(caseReference ? { caseReference } : {}), ...(sinceAt ? { since: sinceAt } : {}) };
}
