import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@insyn/platform';
import { randomSecret, sha256 } from '../../../common/secret-box.js';
import type { IdentityEnv } from '../../../config/identity-env.js';
import { SessionsRepository } from '../../persistence/sessions.repository.js';
import { type SessionTokens, splitRefreshToken, unauthenticated } from '../session.js';
import { SessionAccess } from '../session-access.js';

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation). A refresh
 * token used twice means it was copied: the session ends (RFC 9700 4.14.2).
 */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly access: SessionAccess,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  async execute(refreshToken: string): Promise<SessionTokens> {
    const token = splitRefreshToken(refreshToken);
    if (!token) throw unauthenticated('The refresh token is not valid.');
    const { sessionId, secret } = token;
    const now = this.clock.now();
    const presented = sha256(secret);
    const next = randomSecret();
    const record = await this.sessions.rotateRefresh(sessionId, presented, sha256(next), now);
    if (record)
      return {
        sessionId,
        refreshToken: `${sessionId}.${next}`,
        access: await this.access.accessToken(record),
        expiresAt: record.expiresAt,
      };

    const current = await this.sessions.findById(sessionId);
    if (current && !current.revokedAt && current.previousRefreshHash === presented) {
      if (now.getTime() - current.refreshedAt.getTime() > this.config.get('REFRESH_REUSE_GRACE_MS', { infer: true })) {
        await this.sessions.revoke(sessionId, 'refresh-reuse', now);
        throw unauthenticated('This refresh token was already used; the session has been ended. Sign in again.');
      }
      throw unauthenticated('This refresh token was just replaced by another request; use the newer one.');
    }
    throw unauthenticated('The session has ended or the refresh token is not valid. Sign in again.');
  }
}
