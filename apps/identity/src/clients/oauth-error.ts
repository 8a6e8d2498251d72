import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';

/** The error codes of RFC 6749 5.2, the only ones the token endpoint answers with (plus `server_error`). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error';

/** An OAuth2 error (RFC 6749 5.2) as a problem that also carries `error` and `error_description`. */
export const oauthError = (status: number, error: OAuthErrorCode, detail: string) =>
  new ProblemException(status, `oauth/${error}`, error.replace(/_/g, ' '), detail, undefined, { error, error_description: detail });

export const invalidRequest = (detail: string) => oauthError(HttpStatus.BAD_REQUEST, 'invalid_request', detail);
