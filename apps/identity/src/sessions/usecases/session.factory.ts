import type { ConfigService } from '@nestjs/config';
import { sha256 } from '../../common/secret-box.js';
import type { IdentityEnv } from '../../config/identity-env.js';
import type { TokenClaims, TokenIssuer } from '../../keys/token-issuer.js';
import type { SessionRecord } from '../persistence/session.entity.js';

/** A configuration for the session use cases' unit tests (docs/style.md 17). */
export const sessionConfig = (env: Partial<IdentityEnv> = {}) =>
  ({
    get: (k: keyof IdentityEnv) =>
      ({
        IDENTITY_KEY_SECRET: 'k'.repeat(40),
        SUBJECT_KEY_SECRET: 's'.repeat(40),
        SESSION_TTL: 3600,
        ACCESS_TOKEN_TTL: 300,
        REFRESH_REUSE_GRACE_MS: 10_000,
        ...env,
      })[k],
  }) as unknown as ConfigService<IdentityEnv, true>;

/** An issuer whose token is the claims it was given, as JSON. */
export const claimsIssuer = () =>
  ({
    issue: (claims: TokenClaims, ttl: number) =>
      Promise.resolve({ accessToken: JSON.stringify(claims), tokenType: 'Bearer' as const, expiresIn: ttl, jti: 'jti-1' }),
  }) as unknown as TokenIssuer;

/** An official's live session (no sealed personnummer), whose refresh secret is `secret`. */
export const sessionRecord = (secret: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  _id: '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  kind: 'official',
  subjectKey: 'sk1_official',
  provider: 'siths',
  loa: 3,
  name: 'Olle Official',
  hsaId: 'SE2321000230-olle',
  unit: 'socialtjansten',
  roles: ['handlaggare'],
  refreshHash: sha256(secret),
  createdAt: new Date('2026-03-01T08:00:00Z'),
  refreshedAt: new Date('2026-03-01T08:00:00Z'),
  expiresAt: new Date('2026-03-01T20:00:00Z'),
  evidenceId: 'evidence-1',
  outbox: [],
  ...over,
});
