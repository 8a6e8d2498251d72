/** What a paged list answered: each page's body and the `Link` header that led on (ADR 0018). */
export interface FollowedPages<T> {
  pages: T[];
  links: string[];
}

/**
 * Reads a paged list from `url` to its end, following each `Link: <…>; rel="next"`; `get` makes one
 * request (with the caller's token) and answers the body and headers of a 200. Fails if paging does not
 * end within `maxPages`, so a cursor that leads back to itself cannot hang a test.
 */
export async function followPages<T>(
  get: (url: string) => Promise<{ body: unknown; headers: Record<string, string | undefined> }>,
  url: string,
  maxPages = 100,
): Promise<FollowedPages<T>> {
  const pages: T[] = [];
  const links: string[] = [];
  let next: string | undefined = url;
  while (next) {
    const res = await get(next);
    pages.push(res.body as T);
    const link = res.headers.link;
    if (link) {
      links.push(link);
      const target = /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      if (!target) throw new Error(`not a next link: ${link}`);
      next = target;
    } else next = undefined;
    if (pages.length > maxPages) throw new Error(`paging ${url} does not end within ${maxPages} pages`);
  }
  return { pages, links };
}
