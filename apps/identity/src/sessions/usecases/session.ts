import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';
import type { SignInAssurance } from '../../eid/eid-provider.js';
import type { IssuedToken } from '../../keys/token-issuer.js';
import type { StoredSession } from '../persistence/sessions.repository.js';

export interface SessionTokens {
  sessionId: string;
  refreshToken: string;
  access: IssuedToken;
  expiresAt: Date;
}

export interface SessionView {
  sessionId: string;
  provider: string;
  loa: number;
  assurance?: SignInAssurance;
  createdAt: string;
  refreshedAt: string;
  expiresAt: string;
  active: boolean;
  revokedAt?: string;
  revokeReason?: string;
  current: boolean;
}

export const unauthenticated = (detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Not signed in', detail);

/** A refresh token is `<sessionId>.<secret>`; only the secret's SHA-256 is stored. */
export function splitRefreshToken(refreshToken: string): { sessionId: string; secret: string } | undefined {
  const [sessionId, secret] = refreshToken.split('.');
  return sessionId && secret ? { sessionId, secret } : undefined;
}

export function sessionView(r: StoredSession, now: Date, currentSessionId?: string): SessionView {
  return {
    sessionId: r._id,
    provider: r.provider,
    loa: r.loa,
    ...(r.assurance ? { assurance: r.assurance } : {}),
    createdAt: r.createdAt.toISOString(),
    refreshedAt: r.refreshedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    active: !r.revokedAt && r.expiresAt.getTime() > now.getTime(),
    ...(r.revokedAt ? { revokedAt: r.revokedAt.toISOString(), revokeReason: r.revokeReason } : {}),
    current: r._id === currentSessionId,
  };
}
