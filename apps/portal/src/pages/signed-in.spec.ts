import { describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { ProblemDetailsFilter, ProblemException } from '@insyn/observability';
import type { Request, Response } from 'express';
import { BackendError } from '../backends/backend-error.js';
import type { PortalEnv } from '../config/portal-env.js';
import type { BrowserSessions } from '../session/browser-sessions.js';
import { htmlErrorPages } from '../web/error-pages.js';
import { PortalTheme } from '../web/theme.js';
import { Views } from '../web/views.js';
import { citizenPage, officialPage } from './signed-in.js';

const signedIn = (lang: 'sv' | 'en') =>
  ({
    locals: {
      session: { _id: 's', csrf: 'c', user: { kind: 'citizen', sessionId: 'i' } },
      page: { lang, path: '/begaranden/abcdefgh12/aterkalla', csrf: 'c', idleMinutes: 20, user: { kind: 'citizen' } },
    },
  }) as unknown as Response;

/** The problem a page's run ended in, and the error page a browser gets for it. */
const problemPage = async (res: Response, run: () => Promise<void>): Promise<{ problem: ProblemException; page: string }> => {
  const thrown = await run().then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(thrown instanceof ProblemException)) throw new Error(`expected a problem, got ${String(thrown)}`);
  const config = { get: () => JSON.stringify({ name: 'Kommunen' }) } as unknown as ConfigService<PortalEnv, true>;
  const req = { res, path: '/x', originalUrl: '/x' } as unknown as Request;
  const body = new ProblemDetailsFilter({ next: () => 'id' }).toProblem(thrown, req);
  return { problem: thrown, page: htmlErrorPages(new Views(new PortalTheme(config)))(body, req) ?? '' };
};

const refusedWith = (status: number, lang: 'sv' | 'en' = 'sv') => {
  const res = signedIn(lang);
  return problemPage(res, () =>
    citizenPage({} as Request, res, {} as BrowserSessions, () => Promise.reject(new BackendError('rights', status, undefined))),
  );
};

describe('a signed-in citizen page refused by a backend', () => {
  it('a 403 (her sign-in below assurance level 3, e.g. Freja eID) is a 403 page telling her to sign in with BankID or Freja+, not a 404', async () => {
    const { problem, page } = await refusedWith(403);
    expect(problem.getStatus()).toBe(403);
    expect(page).toContain('logga in med en säkrare e-legitimation, till exempel BankID eller Freja+');
    expect(page).not.toContain('Sidan finns inte');
    expect((await refusedWith(403, 'en')).page).toContain('sign in with a more secure e-ID, for example BankID or Freja+');
  });

  it('a 404 (another person’s id, a guessed one) stays the human 404 page', async () => {
    const { problem, page } = await refusedWith(404);
    expect(problem.getStatus()).toBe(404);
    expect(page).toContain('Sidan finns inte');
  });
});

describe('who may open which pages', () => {
  const as = (user: { kind: 'citizen' | 'official'; roles?: string[] } | undefined, lang: 'sv' | 'en' = 'sv') =>
    ({
      locals: {
        session: { _id: 's', csrf: 'c', ...(user ? { user } : {}) },
        page: { lang, path: '/tjanst/begaranden', csrf: 'c', idleMinutes: 20 },
      },
      redirect: jest.fn(),
    }) as unknown as Response;

  const pageFor = async (res: Response, run: () => Promise<void>) => {
    const { problem, page } = await problemPage(res, run);
    return { status: problem.getStatus(), page };
  };

  it('an official’s work session never opens a citizen’s page: a 403 page saying so, in her language', async () => {
    const res = as({ kind: 'official', roles: ['rights-handler'] }, 'en');
    const render = jest.fn(() => Promise.resolve());
    const { status, page } = await pageFor(res, () => citizenPage({} as Request, res, {} as BrowserSessions, render));
    expect(status).toBe(403);
    expect(page).toContain('You are signed in as an official');
    expect(render).not.toHaveBeenCalled();
  });

  it('an official’s page refuses a citizen, and an official without one of its roles, each with its own 403 page', async () => {
    const render = jest.fn(() => Promise.resolve());
    const citizen = as({ kind: 'citizen' });
    const refusedCitizen = await pageFor(citizen, () =>
      officialPage({} as Request, citizen, {} as BrowserSessions, ['rights-handler'], render),
    );
    expect(refusedCitizen.status).toBe(403);
    expect(refusedCitizen.page).toContain('Den här sidan är för kommunens tjänstepersoner');
    const handler = as({ kind: 'official', roles: ['messages-handler'] });
    const refusedRole = await pageFor(handler, () =>
      officialPage({} as Request, handler, {} as BrowserSessions, ['rights-handler', 'dpo'], render),
    );
    expect(refusedRole.page).toContain('Dina roller ger inte tillgång');
    expect(render).not.toHaveBeenCalled();
  });

  it('lets an official with one of the roles in, and sends a browser signed out to the officials’ sign-in', async () => {
    const render = jest.fn(() => Promise.resolve());
    await officialPage({} as Request, as({ kind: 'official', roles: ['dpo'] }), {} as BrowserSessions, ['rights-handler', 'dpo'], render);
    expect(render).toHaveBeenCalledTimes(1);
    const signedOut = as(undefined);
    await officialPage({} as Request, signedOut, {} as BrowserSessions, ['dpo'], render);
    expect(signedOut.redirect).toHaveBeenCalledWith(303, '/tjanst/logga-in');
  });
});
