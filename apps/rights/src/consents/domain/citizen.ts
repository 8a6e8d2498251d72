import { type Principal, subjectKeysOf } from '@insyn/auth';
import type { SignInMethod } from './consent.js';

/**
 * The signed-in citizen acting on their own consents: the subject key new consents are stored under (the
 * token's current one), every key hers may be stored under (ADR 0025), and how they signed in.
 */
export interface Citizen {
  subjectKey: string;
  subjectKeys?: readonly string[];
  method: SignInMethod;
}

export function citizenOf(principal: Principal): Citizen {
  return {
    subjectKey: principal.subject,
    subjectKeys: subjectKeysOf(principal),
    method: {
      provider: principal.provider ?? 'unknown',
      loa: principal.loa ?? 0,
      ...(principal.sessionId ? { sessionId: principal.sessionId } : {}),
    },
  };
}
