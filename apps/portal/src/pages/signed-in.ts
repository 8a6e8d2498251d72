import { ProblemException, Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { BackendError, SignedOutError } from '../backends/backend-error.js';
import { BrowserSessions } from '../session/browser-sessions.js';
import { localsOf, type PortalLocals } from '../web/page.middleware.js';

/** The problem a page shows when the sign-in's assurance level is too low: rendered with the `rights.loa3` text. */
export const assuranceTooLow = () =>
  new ProblemException(403, 'assurance-too-low', 'Forbidden', 'This needs a sign-in at assurance level 3 (BankID, Freja+).');

/** Thrown to send the browser to the sign-in page (not signed in, or the session ended elsewhere). */
export class SignInRequired extends Error {}

/** A citizen's page asked for with an official's session (officials sign in with SITHS for their work, never as themselves). */
export const officialSession = () =>
  new ProblemException(403, 'official-session', 'Forbidden', 'You are signed in as an official; your own pages need a private sign-in.');

/** An official's page asked for without an official's sign-in (SITHS eID). */
export const notAnOfficial = () =>
  new ProblemException(403, 'not-an-official', 'Forbidden', 'The officials’ pages need a sign-in as an official with SITHS eID.');

/** An official's page that needs a role she does not have. */
export const roleMissing = () => new ProblemException(403, 'role-missing', 'Forbidden', 'Your roles do not include this page’s.');

/**
 * Runs a signed-in citizen's page: not signed in → the sign-in page; signed in as an official → a 403
 * page saying so (never her work session on her private pages); the rest as {@link signedInPage}.
 */
export async function citizenPage(
  req: Request,
  res: Response,
  sessions: BrowserSessions,
  render: (locals: PortalLocals) => Promise<void>,
): Promise<void> {
  if (localsOf(res).session.user?.kind === 'official') throw officialSession();
  return signedInPage(req, res, sessions, render);
}

/**
 * Runs a page for anyone signed in, citizen or official (Mina inloggningar): not signed in → the sign-in
 * page; the identity session ended (signed out elsewhere, expired) → this browser's session ends too and
 * the sign-in page shows; a backend's 404 (another person's id, a guessed one) → the human 404 page, never
 * the backend's problem; a backend's 403 (her sign-in's assurance level is too low for it) → a 403 page
 * that says how to sign in.
 */
export async function signedInPage(
  req: Request,
  res: Response,
  sessions: BrowserSessions,
  render: (locals: PortalLocals) => Promise<void>,
): Promise<void> {
  const locals = localsOf(res);
  if (!locals.session.user) return res.redirect(303, '/logga-in');
  try {
    await render(locals);
  } catch (err) {
    if (err instanceof SignedOutError) {
      await sessions.destroy(locals.session, res);
      return res.redirect(303, '/logga-in');
    }
    if (err instanceof BackendError && err.status === 404) throw Problems.notFound('The page');
    // A citizen's own pages refuse only a sign-in below the assurance they need (LoA 3: BankID, Freja+);
    // another person's ids are 404s at the services. She is told to sign in with a stronger e-ID.
    if (err instanceof BackendError && err.status === 403) throw assuranceTooLow();
    throw err;
  }
}

/**
 * Runs an official's page, for officials holding one of `roles`: not signed in → the officials' sign-in
 * page; a citizen's session, or an official without the role → a 403 page in her language saying which; the
 * session ended → signed out here too; a backend's 404 → the 404 page, its 403 → the role's 403 page.
 */
export async function officialPage(
  req: Request,
  res: Response,
  sessions: BrowserSessions,
  roles: readonly string[],
  render: (locals: PortalLocals) => Promise<void>,
): Promise<void> {
  const locals = localsOf(res);
  const user = locals.session.user;
  if (!user) return res.redirect(303, OFFICIAL_SIGN_IN);
  if (user.kind !== 'official') throw notAnOfficial();
  if (roles.length && !(user.roles ?? []).some((r) => roles.includes(r))) throw roleMissing();
  try {
    await render(locals);
  } catch (err) {
    if (err instanceof SignedOutError) {
      await sessions.destroy(locals.session, res);
      return res.redirect(303, OFFICIAL_SIGN_IN);
    }
    if (err instanceof BackendError && err.status === 404) throw Problems.notFound('The page');
    if (err instanceof BackendError && err.status === 403) throw roleMissing();
    throw err;
  }
}

export const OFFICIAL_SIGN_IN = '/tjanst/logga-in';

/** A backend's refusal of a form, as text to show beside the form (its problem detail, which names no personal data). */
export function refusalText(err: unknown): string | undefined {
  if (err instanceof BackendError && err.status >= 400 && err.status < 500 && err.status !== 404) {
    const p = err.problem;
    const fields = Array.isArray(p?.errors) ? (p.errors as { messages?: string[] }[]).flatMap((e) => e.messages ?? []) : [];
    return [p?.detail, ...fields].filter(Boolean).join(' ') || p?.title || `${err.status}`;
  }
  return undefined;
}
