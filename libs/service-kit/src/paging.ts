import { applyDecorators, type Type as Class } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { Problems } from '@insyn/observability';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';

/**
 * Cursor paging, the same on every list that grows (ADR 0018): at most `limit` items a page (1-200,
 * default 200; anything else is a 400), and when more follow, a `Link: <path?cursor=…&limit=…>;
 * rel="next"` header (RFC 8288) whose cursor the client passes back unread. The body keeps its shape.
 *
 * A list is ordered by a total key (a time or a name, then the id), so keyset paging skips nothing. The
 * cursor is base64url JSON of the list's sort name, the first page's filters and the last item's key: a
 * cursor from another list or sort is refused, and the filters come with it, so following `Link` needs no
 * other parameter (a filter given beside a cursor that differs from the cursor's is a 400 naming it).
 */
export const PAGE_LIMIT_DEFAULT = 200;
export const PAGE_LIMIT_MAX = 200;
const LIMIT_RULE = `limit must be a whole number from 1 to ${PAGE_LIMIT_MAX}`;
const CURSOR_MAX_LENGTH = 1000;

/** `limit` and `cursor`, for a list's query DTO to extend. */
export class PageQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    description: 'At most this many items in a page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_RULE })
  @Min(1, { message: LIMIT_RULE })
  @Max(PAGE_LIMIT_MAX, { message: LIMIT_RULE })
  limit?: number;

  @ApiPropertyOptional({
    maxLength: CURSOR_MAX_LENGTH,
    description: 'The next page: the `cursor` of the previous page’s `Link: <…>; rel="next"`; it keeps that page’s filters',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;
}

/** A list's filters as the cursor keeps them: the query's own text, so they compare as given. */
export type PageFilters = Record<string, string>;
/** The last item's place in the sort: its sort key, then its id (strings and numbers only). */
export type PagePosition = readonly (string | number)[];

/** Where a page starts: the filters in force (the cursor's, or the given ones on a first page) and the position after which it starts. */
export interface PageStart<F extends Partial<PageFilters>> {
  filters: F;
  after?: PagePosition;
  limit: number;
}

export function encodeCursor(sort: string, filters: Partial<PageFilters>, after: PagePosition): string {
  // JSON leaves out a filter that is undefined.
  return Buffer.from(JSON.stringify({ v: 1, s: sort, f: filters, a: after }), 'utf8').toString('base64url');
}

/** The cursor's filters and position, or undefined when it is not one this list gave (tampered, another list or sort, another version). */
export function decodeCursor(sort: string, text: string): { filters: PageFilters; after: PagePosition } | undefined {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { v, s, f, a } = json as Record<string, unknown>;
  if (v !== 1 || s !== sort || typeof f !== 'object' || f === null || Array.isArray(f) || !Array.isArray(a) || a.length === 0)
    return undefined;
  if (!Object.values(f).every((value) => typeof value === 'string')) return undefined;
  if (!a.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)))) return undefined;
  return { filters: f as PageFilters, after: a as PagePosition };
}

/** A check of a cursor's filters: only these names, each value passing its test (what the query's DTO allows). */
export function filtersMatch(tests: Record<string, (value: string) => boolean>): (filters: PageFilters) => boolean {
  return (filters) => Object.entries(filters).every(([name, value]) => Object.hasOwn(tests, name) && tests[name]!(value));
}

/** A test for `filtersMatch`: one of these values. */
export const oneOf =
  (values: readonly string[]) =>
  (value: string): boolean =>
    values.includes(value);

/** A test for `filtersMatch`: an instant. */
export const isInstant = (value: string): boolean => !Number.isNaN(new Date(value).getTime());

/** The usual position, an instant and an id, read back from a cursor; undefined when it is not one. */
export function instantPosition(after: PagePosition | undefined): { at: Date; id: string } | undefined {
  if (!after || after.length !== 2) return undefined;
  const [at, id] = after;
  if (typeof at !== 'string' || typeof id !== 'string' || id.length === 0 || id.length > 200) return undefined;
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? undefined : { at: time, id };
}

/**
 * The start of the page a query asks for: the given filters (over `defaults`) on a first page; on a later
 * one the cursor's, after checking that the cursor is this list's (`valid` checks the position's parts,
 * `validFilters` the filters it carries, as the query's DTO would have) and that no filter given beside it
 * differs. Bad input is a 400 problem naming each field.
 */
export function pageStart<F extends Partial<PageFilters>>(
  sort: string,
  query: { limit?: number; cursor?: string },
  given: Partial<F>,
  options: {
    valid?: (after: PagePosition) => boolean;
    validFilters?: (filters: PageFilters) => boolean;
    defaults?: NoInfer<Partial<F>>;
  } = {},
): PageStart<F> {
  const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
  const stated = Object.fromEntries(Object.entries(given).filter((entry): entry is [string, string] => entry[1] !== undefined));
  if (query.cursor === undefined) return { filters: { ...options.defaults, ...stated } as F, limit };
  const cursor = decodeCursor(sort, query.cursor);
  if (!cursor || (options.valid && !options.valid(cursor.after)) || (options.validFilters && !options.validFilters(cursor.filters)))
    throw Problems.validation([{ field: 'cursor', messages: ['not a cursor this list gave; start again without one'] }]);
  const conflicts = Object.entries(stated)
    .filter(([name, value]) => cursor.filters[name] !== value)
    .map(([field]) => ({ field, messages: [`${field} differs from the cursor’s; a cursor keeps the filters of its first page`] }));
  if (conflicts.length) throw Problems.validation(conflicts);
  return { filters: cursor.filters as F, after: cursor.after, limit };
}

/**
 * Cuts a read of `limit + 1` items to a page, with the cursor of the next page when the extra item shows
 * there is one.
 */
export function pageOf<T>(
  read: readonly T[],
  start: PageStart<Partial<PageFilters>>,
  sort: string,
  positionOf: (last: T) => PagePosition,
): { items: T[]; next?: string } {
  const items = read.slice(0, start.limit);
  const last = items.at(-1);
  return read.length > start.limit && last !== undefined ? { items, next: encodeCursor(sort, start.filters, positionOf(last)) } : { items };
}

/**
 * Sets `Link: <path?cursor=…&limit=…>; rel="next"` when there is a next page; the limit is repeated only
 * when the client gave one, and `keep` adds parameters of a list whose cursor does not carry its filters.
 */
export function linkNext(
  res: Response,
  path: string,
  next: string | undefined,
  limit: number | undefined,
  keep: Record<string, string | undefined> = {},
): void {
  if (!next) return;
  const params = new URLSearchParams({ cursor: next, ...(limit !== undefined ? { limit: String(limit) } : {}) });
  for (const [name, value] of Object.entries(keep)) if (value !== undefined) params.set(name, value);
  res.setHeader('Link', `<${path}?${params.toString()}>; rel="next"`);
}

/** The OpenAPI of a paged list: the 200 with its `Link` header, and the 400 for a bad limit, cursor or filter. */
export function ApiPagedResponse(options: { path: string; type?: Class | [Class]; description?: string; badRequest?: string }) {
  return applyDecorators(
    ApiOkResponse({
      ...(options.type ? { type: options.type } : {}),
      ...(options.description ? { description: options.description } : {}),
      headers: {
        Link: {
          description: `The next page, when there is one: \`<${options.path}?cursor=…&limit=…>; rel="next"\` (RFC 8288); absent on the last page`,
          schema: { type: 'string' },
        },
      },
    }),
    ApiBadRequestResponse({
      description: 'A bad limit or filter, a cursor this list did not give, or a filter that differs from the cursor’s',
    }),
  );
}
