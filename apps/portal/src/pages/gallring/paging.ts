import type { Response } from 'express';
import { nextPage } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';

/** A page of a retention list: the service's cursor (base64url), passed on in the page's address as it came. */
export const CURSOR = /^[A-Za-z0-9_-]{1,500}$/;

/** The cursor of the next page from the retention service's `Link: <…?cursor=…>; rel="next"`, if there is one. */
export function nextCursor(headers: Headers): string | undefined {
  const next = nextPage(headers);
  const cursor = next ? new URLSearchParams(next.slice(next.indexOf('?') + 1)).get('cursor') : null;
  return cursor && CURSOR.test(cursor) ? cursor : undefined;
}

/** A list page's read; a cursor from an old or edited link (the service's 400) sends the browser to the first page. */
export async function pageOrFirst<T>(res: Response, first: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof BackendError && err.status === 400)) throw err;
    res.redirect(303, first);
    return undefined;
  }
}
