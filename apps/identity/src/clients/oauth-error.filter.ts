import { type ArgumentsHost, Catch } from '@nestjs/common';
import { ProblemDetailsFilter } from '@insyn/observability';
import type { NextFunction, Request, Response } from 'express';
import type { OAuthErrorCode } from './oauth-error.js';

/**
 * Scoped to `POST /oauth/token` with `@UseFilters`: every error there is an RFC 6749 5.2 error response.
 * The body is the problem the rest of the API would answer, with `error` (and `error_description`) beside
 * it, sent as `application/json` (OAuth clients such as openid-client refuse any other type), never
 * cached. A 401 names the Basic scheme, which is how a client should authenticate here (RFC 6749 5.2).
 */
@Catch()
export class OAuthErrorFilter extends ProblemDetailsFilter {
  override catch(exception: unknown, host: ArgumentsHost): undefined {
    this.send(exception, host.switchToHttp().getRequest<Request>(), host.switchToHttp().getResponse<Response>());
    return undefined;
  }

  /**
   * Express error middleware for what fails before routing, i.e. in the body parsers (a body over the
   * limit, malformed JSON, an unknown charset): under /oauth/token those are OAuth errors too.
   */
  readonly bodyErrorHandler = (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== TOKEN_PATH || res.headersSent) {
      next(err);
      return;
    }
    this.send(err, req, res);
  };

  private send(exception: unknown, req: Request, res: Response): void {
    if (res.headersSent) return;
    const problem = this.toProblem(exception, req);
    const error = typeof problem.error === 'string' ? problem.error : codeFor(problem.status);
    const description = typeof problem.error_description === 'string' ? problem.error_description : problem.detail;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="insyn"');
    res
      .status(problem.status)
      .type('application/json')
      .json({ ...problem, error, ...(description ? { error_description: oauthText(description) } : {}) });
  }
}

export const TOKEN_PATH = '/oauth/token';

function codeFor(status: number): OAuthErrorCode {
  if (status === 401) return 'invalid_client';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/** `error_description` is printable ASCII without `"` or a backslash (RFC 6749 5.2). */
const oauthText = (text: string) => text.normalize('NFKD').replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '');
