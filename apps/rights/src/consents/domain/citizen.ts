import type { Principal } from '@insyn/auth';
import type { SignInMethod } from './consent.js';

/** The signed-in citizen acting on their own consents: the subject key and how they signed in. */
export interface Citizen {
  subjectKey: string;
  method: SignInMethod;
}

export function citizenOf(principal: Principal): Citizen {
  return {
    subjectKey: principal.subject,
    method: {
      provider: principal.provider ?? 'unknown',
      loa: principal.loa ?? 0,
      ...(principal.sessionId ? { sessionId: principal.sessionId } : {}),
    },
  };
}
