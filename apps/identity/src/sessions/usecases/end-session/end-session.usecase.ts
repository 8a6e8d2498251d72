import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { type RevokeReason, type SessionOwner, SessionsRepository } from '../../persistence/sessions.repository.js';

/**
 * The person ends one of her sessions (for example on a lost phone): its refresh token stops working at
 * once; access tokens expire within ACCESS_TOKEN_TTL. Only her own sessions of her own kind: a citizen
 * cannot end her SITHS work sessions, nor an official her private ones.
 */
@Injectable()
export class EndSessionUseCase {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(sessionId: string, owner: SessionOwner, reason: RevokeReason = 'revoked-by-user'): Promise<void> {
    // Ending twice is fine; ending someone else's session is "not found", as for an unknown id.
    if (!(await this.sessions.revokeOwn(sessionId, owner, reason, this.clock.now()))) throw Problems.notFound(`Session ${sessionId}`);
  }
}
