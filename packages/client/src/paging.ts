import { unwrap } from './problems.js';

/** The query of the next page: what a `Link: <…?cursor=…&limit=…>; rel="next"` header points to. */
export interface NextPage {
  cursor: string;
  limit?: number;
}

/**
 * The next page of a paged list (RFC 8288 `Link` with `rel="next"`), or undefined on the last page. Every
 * Insyn list pages so: the cursor is opaque and keeps the first page's filters, so pass only it (and the
 * limit) on.
 */
export function nextPage(response: Response): NextPage | undefined {
  const link = response.headers.get('link');
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match || !/;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/.test(match[2]!)) continue;
    const url = new URL(match[1]!, 'http://relative.invalid');
    const cursor = url.searchParams.get('cursor');
    if (!cursor) return undefined;
    const limit = url.searchParams.get('limit');
    return limit === null ? { cursor } : { cursor, limit: Number(limit) };
  }
  return undefined;
}

/**
 * Every page of a list, one array at a time, following `Link: rel="next"` to the end:
 *
 *     for await (const page of pages((next) => messages.GET('/v1/conversations', { params: { query: next ?? { since } } })))
 *
 * `fetchPage` gets undefined for the first page and the next page's query after it. An error answer
 * throws InsynProblemError.
 */
export async function* pages<Item>(
  fetchPage: (next: NextPage | undefined) => Promise<{ data?: Item[]; error?: unknown; response: Response }>,
): AsyncGenerator<Item[], void, undefined> {
  let next: NextPage | undefined;
  do {
    const pending = fetchPage(next);
    const { response } = await pending;
    yield await unwrap(pending);
    next = nextPage(response);
  } while (next);
}
