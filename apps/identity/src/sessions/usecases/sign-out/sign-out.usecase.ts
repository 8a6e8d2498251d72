import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { sha256 } from '../../../common/secret-box.js';
import { SessionsRepository } from '../../persistence/sessions.repository.js';
import { splitRefreshToken } from '../session.js';

/**
 * Sign-out by refresh token (the browser's cookie): ends that session, whoever holds the token. The refresh
 * token stops working at once; access tokens expire within ACCESS_TOKEN_TTL. A token that names no live
 * session changes nothing.
 */
@Injectable()
export class SignOutUseCase {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(refreshToken: string): Promise<void> {
    const token = splitRefreshToken(refreshToken);
    if (!token) return;
    await this.sessions.revokeByRefreshHash(token.sessionId, sha256(token.secret), this.clock.now());
  }
}
