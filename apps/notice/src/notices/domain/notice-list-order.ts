import { instantPosition, isInstant, type PageFilters, type PagePosition } from '@insyn/service-kit';

/**
 * The two orders of the public notice list (`GET /v1/notices`), each total, paged by the shared cursor
 * (libs/service-kit paging.ts):
 * - `by-id` (no `since`): the published notices by id, ascending (code units, not locale);
 * - `changes` (with `since`): the notices that changed after the instant (a version published, or the
 *   notice withdrawn), oldest change first, by `changedAt` then id, ascending, so a system that syncs sees
 *   every change once per pass and ends at the newest.
 *
 * Each order has its own cursor name, so a cursor of one is refused by the other.
 */
export type NoticeListOrder = 'by-id' | 'changes';

/** The cursor's name of each order. */
export const NOTICE_LIST_SORT: Record<NoticeListOrder, string> = { 'by-id': 'notices', changes: 'notice-changes' };

export interface NoticeListFilters {
  controller?: string;
  activity?: string;
  since?: Date;
}

/** What an item of the list must tell for both orders: its id and when it last changed. */
export interface Changing {
  id: string;
  /** ISO 8601 instant. */
  changedAt: string;
}

export const orderOf = (filters: NoticeListFilters): NoticeListOrder => (filters.since ? 'changes' : 'by-id');

/** The filters as a cursor keeps them (`since` normalised, so the same instant written otherwise still agrees). */
export function pageFiltersOf(filters: NoticeListFilters): PageFilters {
  return {
    ...(filters.controller !== undefined ? { controller: filters.controller } : {}),
    ...(filters.activity !== undefined ? { activity: filters.activity } : {}),
    ...(filters.since ? { since: filters.since.toISOString() } : {}),
  };
}

/** The filters a cursor kept, or undefined when they are not ones this list gives (as the query's DTO would check). */
export function listFiltersOf(filters: PageFilters): NoticeListFilters | undefined {
  const { controller, activity, since, ...rest } = filters;
  if (Object.keys(rest).length) return undefined;
  if (controller !== undefined && controller.length > 300) return undefined;
  if (activity !== undefined && activity.length > 100) return undefined;
  if (since !== undefined && !isInstant(since)) return undefined;
  return {
    ...(controller !== undefined ? { controller } : {}),
    ...(activity !== undefined ? { activity } : {}),
    ...(since !== undefined ? { since: new Date(since) } : {}),
  };
}

/** A cursor position of the order: `[id]` by id, `[changedAt, id]` by change. */
export function positionOf(order: NoticeListOrder, item: Changing): PagePosition {
  return order === 'by-id' ? [item.id] : [new Date(item.changedAt).toISOString(), item.id];
}

/** Whether a cursor's position is one of the order's. */
export function validPosition(order: NoticeListOrder, after: PagePosition): boolean {
  if (order === 'by-id') return after.length === 1 && typeof after[0] === 'string';
  return instantPosition(after) !== undefined;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const timeOf = (item: Changing): number => new Date(item.changedAt).getTime();

/**
 * The items of the order, after `after` when given (a cursor's position): by id; or, with `since`, only those
 * changed strictly after it, by change time then id. Times compare as instants, not as text.
 */
export function inOrder<T extends Changing>(items: readonly T[], filters: NoticeListFilters, after?: PagePosition): T[] {
  if (orderOf(filters) === 'by-id') {
    const last = after?.[0] as string | undefined;
    return items.filter((item) => last === undefined || item.id > last).sort((a, b) => byCodeUnit(a.id, b.id));
  }
  const since = filters.since!.getTime();
  const position = after ? { at: new Date(after[0] as string).getTime(), id: after[1] as string } : undefined;
  return items
    .filter((item) => {
      const at = timeOf(item);
      return at > since && (!position || at > position.at || (at === position.at && item.id > position.id));
    })
    .sort((a, b) => timeOf(a) - timeOf(b) || byCodeUnit(a.id, b.id));
}
