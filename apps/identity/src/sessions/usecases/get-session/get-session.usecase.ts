import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { type SessionOwner, SessionsRepository } from '../../persistence/sessions.repository.js';
import { type SessionView, sessionView } from '../session.js';

/** One session, only if it is the caller's own: another person's id is simply not found. */
@Injectable()
export class GetSessionUseCase {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(sessionId: string, owner: SessionOwner, currentSessionId?: string): Promise<SessionView> {
    const record = await this.sessions.findOwn(sessionId, owner);
    if (!record) throw Problems.notFound(`Session ${sessionId}`);
    return sessionView(record, this.clock.now(), currentSessionId);
  }
}
