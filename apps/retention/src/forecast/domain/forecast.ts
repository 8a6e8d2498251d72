import type { CandidateItem, ListedCandidate } from '../../candidates/candidate.js';
import type { Duration } from '../../domain/schedule/iso-duration.js';
import { cutoffFor, dueDate, forecastHorizon } from '../../domain/schedule/retention-calendar.js';
import type { ActiveExclusions } from '../../holds/holds.query.js';

/**
 * A forecast (dry run) of one rule: how many items fall due, and of those how many a hold keeps or a
 * missing archive blocks, without deleting anything. Pure: "now" and the stream come from the caller.
 *
 * Each item is counted once, in the first of these that applies (as the messages service's purge counts):
 * - held: a hold covers it (its person, its conversation, or the whole unit or rule);
 * - blocked: the rule requires it archived and it is not;
 * - due: it would be deleted.
 *
 * An item triggered at `t` is due at `dueDate(t, after)`. "Already due" are the items with
 * `t < cutoffFor(now)`; the window of N days holds those with `cutoffFor(now) <= t < cutoffFor(horizon(N))`,
 * i.e. due after now and by 00:00 local N days ahead. A 90-day window includes the 30-day one.
 */

export interface ForecastCounts {
  due: number;
  held: number;
  blocked: number;
}

export interface ForecastWindow extends ForecastCounts {
  days: number;
  /** The window's start: now. */
  from: Date;
  /** The window's end: 00:00 Europe/Stockholm, `days` days after today. Items due by then are counted. */
  until: Date;
  /** The trigger range counted: items triggered at or after this instant... */
  triggeredFrom: Date;
  /** ...and strictly before this one. */
  triggeredBefore: Date;
}

export interface ForecastResult {
  asOf: Date;
  windows: ForecastWindow[];
  alreadyDue: ForecastCounts & { triggeredBefore: Date };
}

export type Disposition = keyof ForecastCounts;

/** How a gallring run would treat this item: keep it for a hold, leave it for want of an archive, or delete it. */
export function dispositionOf(
  item: Pick<CandidateItem, '_id' | 'subjectKey' | 'archivedAt'>,
  holds: Pick<HoldSets, 'all' | 'subjectKeys' | 'itemIds'>,
  requireArchived: boolean,
): Disposition {
  if (holds.all || holds.itemIds.has(item._id) || (item.subjectKey !== undefined && holds.subjectKeys.has(item.subjectKey))) return 'held';
  if (requireArchived && item.archivedAt == null) return 'blocked';
  return 'due';
}

/** The exclusions as sets, for a lookup per streamed item. */
export interface HoldSets {
  all: boolean;
  subjectKeys: ReadonlySet<string>;
  itemIds: ReadonlySet<string>;
}

export const holdSetsOf = (exclusions: ActiveExclusions): HoldSets => ({
  all: exclusions.unitHeld || exclusions.ruleHeld,
  subjectKeys: new Set(exclusions.subjectKeys),
  itemIds: new Set(exclusions.itemIds),
});

export interface ForecastPlan {
  asOf: Date;
  /** Items triggered before this are already due. */
  cutoff: Date;
  windows: { days: number; until: Date; triggeredBefore: Date }[];
  /** What to stream: everything triggered before the widest window's end. */
  triggeredBefore: Date;
}

/** The trigger boundaries of a forecast at `now` for windows of `days` (each a non-negative whole number). */
export function planForecast(now: Date, after: Duration, days: readonly number[]): ForecastPlan {
  const cutoff = cutoffFor(now, after);
  const windows = [...days]
    .sort((a, b) => a - b)
    .map((d) => {
      const until = forecastHorizon(now, d);
      return { days: d, until, triggeredBefore: cutoffFor(until, after) };
    });
  const widest = windows.at(-1)?.triggeredBefore ?? cutoff;
  return { asOf: now, cutoff, windows, triggeredBefore: widest.getTime() > cutoff.getTime() ? widest : cutoff };
}

/**
 * Counts a stream of candidates (triggered before `plan.triggeredBefore`) into the plan's windows, one
 * item at a time: memory holds the counters, never the items.
 */
export async function countForecast(
  plan: ForecastPlan,
  items: AsyncIterable<Pick<CandidateItem, '_id' | 'subjectKey' | 'triggeredAt' | 'archivedAt'>>,
  holds: HoldSets,
  requireArchived: boolean,
): Promise<ForecastResult> {
  const zero = (): ForecastCounts => ({ due: 0, held: 0, blocked: 0 });
  const alreadyDue = zero();
  const counts = plan.windows.map(zero);
  const cutoff = plan.cutoff.getTime();
  for await (const item of items) {
    const t = item.triggeredAt.getTime();
    const disposition = dispositionOf(item, holds, requireArchived);
    if (t < cutoff) {
      alreadyDue[disposition] += 1;
      continue;
    }
    plan.windows.forEach((w, i) => {
      if (t < w.triggeredBefore.getTime()) counts[i]![disposition] += 1;
    });
  }
  return {
    asOf: plan.asOf,
    windows: plan.windows.map((w, i) => ({
      days: w.days,
      ...counts[i]!,
      from: plan.asOf,
      until: w.until,
      triggeredFrom: plan.cutoff,
      triggeredBefore: w.triggeredBefore,
    })),
    alreadyDue: { ...alreadyDue, triggeredBefore: plan.cutoff },
  };
}

/** A row of the forecast: the items due now (`now`), or those falling due within 30 or 90 days (`30`, `90`). */
export const FORECAST_ROWS = ['now', '30', '90'] as const;
export type ForecastRow = (typeof FORECAST_ROWS)[number];

/** The trigger range of a row, as {@link countForecast} counts it: before the cutoff for `now`, from it to the window's end for a window. */
export function rowRange(plan: ForecastPlan, row: ForecastRow): { from?: Date; before: Date } {
  if (row === 'now') return { before: plan.cutoff };
  const window = plan.windows.find((w) => String(w.days) === row);
  if (!window) throw new Error(`the plan has no ${row}-day window`);
  return { from: plan.cutoff, before: window.triggeredBefore };
}

/** One item behind a count: which conversation, when its period started and ended, and what a run would do with it. */
export interface ForecastItem {
  conversationId: string;
  caseReference?: string;
  triggeredAt: Date;
  /** 00:00 Europe/Stockholm the day after the period ends: when it falls due. */
  dueAt: Date;
  disposition: Disposition;
  archivedAt?: Date;
}

/**
 * Reads the items of an ordered stream until `limit + 1` of them have `disposition` (any, when not given):
 * a page and the sign of a next one. The stream is closed as soon as the page is full.
 */
export async function listForecastItems(
  items: AsyncIterable<ListedCandidate>,
  after: Duration,
  holds: HoldSets,
  requireArchived: boolean,
  limit: number,
  disposition?: Disposition,
): Promise<ForecastItem[]> {
  const page: ForecastItem[] = [];
  for await (const item of items) {
    const d = dispositionOf(item, holds, requireArchived);
    if (disposition !== undefined && d !== disposition) continue;
    page.push({
      conversationId: item._id,
      ...(item.caseReference !== undefined ? { caseReference: item.caseReference } : {}),
      triggeredAt: item.triggeredAt,
      dueAt: dueDate(item.triggeredAt, after),
      disposition: d,
      ...(item.archivedAt !== undefined ? { archivedAt: item.archivedAt } : {}),
    });
    if (page.length > limit) break;
  }
  return page;
}
