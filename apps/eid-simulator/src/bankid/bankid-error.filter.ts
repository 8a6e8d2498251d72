import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';
import type { NextFunction, Request, Response } from 'express';
import { checkBankIdTransport } from './bankid-rp.guards.js';
import { BankIdApiError } from './bankid-error.js';

export const BANKID_PATH_PREFIX = '/rp/v6.0';

/** Turns anything thrown under /rp/v6.0 into BankID's `{ errorCode, details }` with BankID's status. */
export function toBankIdError(exception: unknown, logger?: Logger): BankIdApiError {
  if (exception instanceof BankIdApiError) return exception;
  if (exception instanceof ProblemException && exception.getStatus() === 400) {
    const fields = (exception.errors ?? []).map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; ');
    return new BankIdApiError('invalidParameters', fields ? `Invalid parameters: ${fields}` : 'Invalid parameters');
  }
  const status = exception instanceof HttpException ? exception.getStatus() : statusOf(exception);
  if (status === 404) return new BankIdApiError('notFound', 'No such endpoint');
  if (status === 405) return new BankIdApiError('methodNotAllowed', 'Only POST is allowed');
  if (status === 415) return new BankIdApiError('unsupportedMediaType', 'Content-Type must be exactly application/json');
  if (status !== undefined && status >= 400 && status < 500) return new BankIdApiError('invalidParameters', 'Invalid parameters');
  logger?.error(`unhandled error under ${BANKID_PATH_PREFIX}: ${(exception as Error)?.message ?? String(exception)}`);
  return new BankIdApiError('internalError', 'Internal error');
}

function statusOf(exception: unknown): number | undefined {
  const status = (exception as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function send(res: Response, error: BankIdApiError): void {
  res.status(error.status).type('application/json').json(error.body());
}

/** Scoped to the BankID RP controller with `@UseFilters`, so those routes never answer problem+json. */
@Catch()
export class BankIdErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('BankIdRp');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    send(res, toBankIdError(exception, this.logger));
  }
}

/**
 * Express error middleware for errors raised before routing, i.e. by the global JSON body parser
 * (malformed JSON, too large). Nest would send those to the global problem+json filter; under /rp/v6.0
 * BankID answers 401/415 first, otherwise 400 `invalidParameters`.
 */
export function bankIdBodyErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith(`${BANKID_PATH_PREFIX}/`) || res.headersSent) {
    next(err);
    return;
  }
  try {
    checkBankIdTransport(req, { requireJson: true });
    send(res, new BankIdApiError('invalidParameters', 'The body is not valid JSON'));
  } catch (error) {
    send(res, toBankIdError(error));
  }
}
