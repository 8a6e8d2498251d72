import type { components } from './generated/messages.js';

/** An RFC 9457 problem, as every Insyn API answers an error (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

/** Whether `value` looks like a problem body. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { title?: unknown }).title === 'string'
  );
}

/** An API answered with an error: the problem body when it sent one, and the response. */
export class InsynProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly response: Response,
  ) {
    super(problem ? `${status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}` : `HTTP ${status}`);
    this.name = 'InsynProblemError';
  }
}

/**
 * The data of an openapi-fetch result, or an InsynProblemError for an error answer:
 * `const conversation = await unwrap(messages.GET('/v1/conversations/{conversationId}', …))`.
 */
export async function unwrap<D>(pending: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await pending;
  if (!response.ok) throw new InsynProblemError(response.status, isProblem(error) ? error : undefined, response);
  return data as D;
}
