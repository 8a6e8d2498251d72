import { HttpException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from '@nestjs/common';
import { type ContractViolation, flattenValidationErrors } from '@insyn/contracts';

export const PROBLEM_BASE = 'https://insyn.se/problems/';

/** An RFC 9457 problem body. `errors` names each offending field. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId?: string;
  errors?: ContractViolation[];
  [extension: string]: unknown;
}

/** Throw this for any 4xx with a problem type of our own; the global filter renders it. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly problemType: string,
    readonly title: string,
    detail?: string,
    readonly errors?: ContractViolation[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ title, detail, errors }, status);
  }
}

/**
 * What the filter renders as a problem of its own type: a ProblemException, or an HttpException of a
 * library that cannot import this one (libs/auth's AccessRefused: 401 and 403 with their RFC 6750
 * challenges) carrying the same fields, and `headers` to set on the response.
 */
export interface TypedProblem {
  problemType: string;
  title: string;
  errors?: ContractViolation[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function isTypedProblem(exception: unknown): exception is HttpException & TypedProblem {
  const e = exception as Partial<TypedProblem>;
  return exception instanceof HttpException && typeof e.problemType === 'string' && typeof e.title === 'string';
}

export const Problems = {
  validation: (errors: ContractViolation[], detail = 'The request has invalid fields; see errors.') =>
    new ProblemException(HttpStatus.BAD_REQUEST, 'validation', 'Invalid request', detail, errors),
  unprocessable: (errors: ContractViolation[], detail: string) =>
    new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'unprocessable', 'The content breaks a rule', detail, errors),
  notFound: (what: string) => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', `${what} was not found.`),
  conflict: (detail: string) => new ProblemException(HttpStatus.CONFLICT, 'conflict', 'Conflict', detail),
};

/** For `ValidationPipe({ exceptionFactory })`: a 400 problem naming every bad field. */
export function validationExceptionFactory(errors: ValidationError[]): ProblemException {
  return Problems.validation(flattenValidationErrors(errors));
}
