import type { Request, Response } from 'express';

/** The refresh token lives only in this cookie: httpOnly (no script reads it), Secure, SameSite=Strict, scoped to the session routes. */
export const REFRESH_COOKIE = 'insyn_refresh';
const REFRESH_PATH = '/v1/sessions';

export function setRefreshCookie(res: Response, refreshToken: string, expiresAt: Date): void {
  res.cookie(REFRESH_COOKIE, refreshToken, { httpOnly: true, secure: true, sameSite: 'strict', path: REFRESH_PATH, expires: expiresAt });
}

export function clearRefreshCookie(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: REFRESH_PATH });
}

export function cookie(req: Request, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length < 512 ? value : undefined;
}
