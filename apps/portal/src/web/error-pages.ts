import type { ProblemBody } from '@insyn/observability';
import type { Request } from 'express';
import type { PortalLocals } from './page.middleware.js';
import type { PageContext } from './views.js';
import { Views } from './views.js';

/** How long a person is asked to wait when a service the portal depends on is unavailable. */
export const RETRY_AFTER_SECONDS = 30;

/** Problems as pages: a person in a browser gets a page in her language, never problem+json. */
export function htmlErrorPages(views: Views) {
  return (problem: ProblemBody, req: Request): string | undefined => {
    const locals = req.res?.locals as Partial<PortalLocals> | undefined;
    const page: PageContext = locals?.page ?? { lang: 'sv', path: req.path, csrf: '', idleMinutes: 20 };
    const known = [400, 403, 404, 409, 500, 503].includes(problem.status) ? problem.status : problem.status >= 500 ? 500 : 400;
    // A backend outage: the browser (and a person reloading) may try again shortly.
    if (problem.status === 503) req.res?.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return views.render('pages/error.njk', page, {
      status: problem.status,
      kind: known,
      csrf: problem.type.endsWith('/csrf'),
      assurance: problem.type.endsWith('/assurance-too-low'),
      // Which kind of sign-in a page needs: an official's work session on a citizen's page, and the reverse.
      access: ['official-session', 'not-an-official', 'role-missing'].find((t) => problem.type.endsWith(`/${t}`)),
      errorId: typeof problem.errorId === 'string' ? problem.errorId : undefined,
    });
  };
}
