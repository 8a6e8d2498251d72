import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import { IdGenerator, RequestContext } from '@insyn/platform';
import type { Request, Response } from 'express';
import { throwError } from 'rxjs';
import { givenCorrelationId } from './http-context.middleware.js';
import { scrubPersonalData } from './logger.js';
import { isTypedProblem, PROBLEM_BASE, type ProblemBody } from './problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/**
 * An app whose callers are browsers (the portal) provides this: a request that prefers HTML gets a page
 * rendered from the problem instead of problem+json. Return undefined to fall back to the problem body.
 */
export const HTML_ERROR_PAGES = Symbol('HTML_ERROR_PAGES');
export type HtmlErrorPages = (problem: ProblemBody, req: Request) => string | undefined;

/**
 * Every HTTP error becomes an RFC 9457 problem body with the correlation id. A 500 is logged once,
 * with an error id the caller also gets, and without the request body (personal data).
 * Kafka (rpc) errors pass through to the event-handling interceptor and kafkajs.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly ids: IdGenerator,
    @Optional() @Inject(HTML_ERROR_PAGES) private readonly htmlPages?: HtmlErrorPages,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => exception);
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    // A body the parsers refused (malformed JSON, too large) fails before HttpContextMiddleware has run:
    // the answer still carries the caller's correlation id, or one of ours, as every other answer does.
    const known = RequestContext.correlationId();
    const correlationId = known ?? givenCorrelationId(req) ?? this.ids.next();
    const body = known ? this.toProblem(exception, req) : RequestContext.run({ correlationId }, () => this.toProblem(exception, req));
    if (res.headersSent) return;
    if (!res.getHeader('X-Correlation-Id')) res.setHeader('X-Correlation-Id', correlationId);
    if (isTypedProblem(exception)) for (const [name, value] of Object.entries(exception.headers ?? {})) res.setHeader(name, value);
    const page =
      this.htmlPages && req.accepts(['application/json', 'application/problem+json', 'text/html']) === 'text/html'
        ? this.htmlPages(body, req)
        : undefined;
    if (page !== undefined) {
      res.status(body.status).type('text/html').send(page);
      return;
    }
    // RFC 6750: a 401 names the scheme the caller should use (the access guard's own say more).
    if (body.status === 401 && !res.getHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer realm="insyn"');
    res.status(body.status).type('application/problem+json').json(body);
  }

  toProblem(exception: unknown, req: Request): ProblemBody {
    const correlationId = RequestContext.correlationId();
    const instance = scrubPersonalData(req.originalUrl ?? req.url);
    if (isTypedProblem(exception)) {
      return {
        type: PROBLEM_BASE + exception.problemType,
        title: exception.title,
        status: exception.getStatus(),
        ...(exception.getResponse() && (exception.getResponse() as { detail?: string }).detail
          ? { detail: (exception.getResponse() as { detail: string }).detail }
          : {}),
        instance,
        ...(correlationId ? { correlationId } : {}),
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...exception.extensions,
      };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : statusOfLowLevelError(exception);
    // A 502, 503 or 504 thrown on purpose (a dependency is down) says so, with one line in the log and no stack.
    if (exception instanceof HttpException && status > 500 && TITLES[status]) {
      this.logger.warn(`${status} ${TITLES[status]}: ${scrubPersonalData(exception.message)}`);
      return {
        type: 'about:blank',
        title: TITLES[status],
        status,
        detail: exception.message,
        instance,
        ...(correlationId ? { correlationId } : {}),
      };
    }
    if (status >= 500) {
      const errorId = this.ids.next();
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({
        msg: `unhandled error ${errorId}: ${scrubPersonalData(err.message)}`,
        errorId,
        stack: scrubPersonalData(err.stack ?? ''),
      });
      return {
        type: 'about:blank',
        title: 'Internal server error',
        status: 500,
        detail: `Something went wrong on our side. Quote error id ${errorId}.`,
        instance,
        errorId,
        ...(correlationId ? { correlationId } : {}),
      };
    }
    const response = exception instanceof HttpException ? exception.getResponse() : undefined;
    const message =
      typeof response === 'object' && response !== null && 'message' in response ? response.message : (exception as Error).message;
    return {
      type: 'about:blank',
      title: TITLES[status] ?? 'Request error',
      status,
      detail: Array.isArray(message) ? message.join('; ') : String(message),
      instance,
      ...(correlationId ? { correlationId } : {}),
    };
  }
}

/** body-parser and friends throw plain errors with a `status` (malformed JSON: 400, too large: 413). */
function statusOfLowLevelError(exception: unknown): number {
  const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}
