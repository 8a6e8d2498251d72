import { Logger } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';

/**
 * A call to another Insyn service answered with an error; `status` and the problem body as it came, and
 * the language of its messages where the service says it (Content-Language).
 */
export class BackendError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly problem: { type?: string; title?: string; detail?: string; [k: string]: unknown } | undefined,
    readonly language?: string,
  ) {
    super(`${service} answered ${status}${problem?.title ? `: ${problem.title}` : ''}`);
    this.name = 'BackendError';
  }
}

/** The session at the identity service has ended (signed out elsewhere, expired): sign in again. */
export class SignedOutError extends Error {
  constructor() {
    super('the identity session has ended');
    this.name = 'SignedOutError';
  }
}

/**
 * Another service could not be reached or did not answer sensibly (refused connection, timeout, a 5xx, a
 * body that is not what it said): the person gets the "temporarily unavailable" page (503, Retry-After),
 * and the log one warning line, no stack trace, for what is an outage and not a bug here.
 */
export class BackendUnavailable extends ProblemException {
  constructor(
    readonly service: string,
    readonly reason: string,
  ) {
    super(503, 'unavailable', 'Service unavailable', `A service the portal depends on (${service}) is unavailable; try again shortly.`);
    this.name = 'BackendUnavailable';
  }
}

const logger = new Logger('Backends');

/** The outage as a BackendUnavailable, logged once; a BackendError or an outage already made passes through. */
export function unavailable(service: string, method: string, err: unknown): Error {
  if (err instanceof BackendError || err instanceof BackendUnavailable || err instanceof SignedOutError) return err;
  const e = err as { name?: string; message?: string; cause?: { code?: string } } | undefined;
  const reason =
    e?.name === 'TimeoutError' || e?.name === 'AbortError'
      ? 'timed out'
      : e?.name === 'SyntaxError'
        ? 'answered with a body that is not JSON'
        : (e?.cause?.code ?? e?.message ?? String(err));
  logger.warn(`${service} ${method} unavailable: ${reason}`);
  return new BackendUnavailable(service, reason);
}

/** A backend's 5xx answer: an outage to the person, not her error nor ours. */
export function unavailableStatus(service: string, method: string, status: number): BackendUnavailable {
  logger.warn(`${service} ${method} unavailable: answered ${status}`);
  return new BackendUnavailable(service, `answered ${status}`);
}
