import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { type SessionOwner, SessionsRepository } from '../../persistence/sessions.repository.js';
import { type SessionView, sessionView } from '../session.js';

/**
 * The caller's own sessions of her kind, newest first: where and when they are signed in. A person who is
 * also an official has one subject key for both, but her private (BankID, Freja) sessions and her SITHS
 * work sessions are two lists: the work sessions are the municipality's, not hers to see at home.
 */
@Injectable()
export class ListSessionsUseCase {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(owner: SessionOwner, currentSessionId?: string): Promise<SessionView[]> {
    const records = await this.sessions.listOwn(owner);
    return records.map((r) => sessionView(r, this.clock.now(), currentSessionId));
  }
}
