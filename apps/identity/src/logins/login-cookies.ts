import type { Request, Response } from 'express';
import { randomSecret } from '../common/secret-box.js';
import { cookie } from '../sessions/session-cookies.js';

/**
 * Binds sign-ins to the browser that started them: httpOnly, Secure, SameSite=Lax (the BankID app and
 * the IdP send the user back with a top-level navigation), scoped to the login routes.
 */
export const LOGIN_COOKIE = 'insyn_login';
const LOGIN_PATH = '/v1/logins';

/** The browser's binding secret, set now if it has none. */
export function ensureBinding(req: Request, res: Response): string {
  const existing = cookie(req, LOGIN_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const binding = randomSecret();
  res.cookie(LOGIN_COOKIE, binding, { httpOnly: true, secure: true, sameSite: 'lax', path: LOGIN_PATH, maxAge: 30 * 60_000 });
  return binding;
}

export function binding(req: Request): string {
  return cookie(req, LOGIN_COOKIE) ?? '';
}
