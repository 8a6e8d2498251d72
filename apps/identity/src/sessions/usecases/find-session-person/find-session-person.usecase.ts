import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { SessionsRepository } from '../../persistence/sessions.repository.js';
import { SessionAccess } from '../session-access.js';

/**
 * The personnummer of a live citizen session, for a person assertion: only the session the caller's token
 * names, only if it is hers, not ended and not expired. Undefined otherwise (and for sessions from before
 * the personnummer was kept: she signs in again).
 */
@Injectable()
export class FindSessionPersonUseCase {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly access: SessionAccess,
    private readonly clock: Clock,
  ) {}

  async execute(sessionId: string, subjectKeys: string[]): Promise<string | undefined> {
    const record = await this.sessions.findLiveCitizenSession(sessionId, subjectKeys, this.clock.now());
    return record ? this.access.personalNumberOf(record) : undefined;
  }
}
