/** BankID RP API v6.0 error codes with the HTTP status BankID sends for each (eid-protocols.md 1.5). */
export const BANKID_ERROR_STATUS = {
  alreadyInProgress: 400,
  invalidParameters: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  requestTimeout: 408,
  unsupportedMediaType: 415,
  internalError: 500,
  maintenance: 503,
} as const;

export type BankIdErrorCode = keyof typeof BANKID_ERROR_STATUS;

/** Errors the control API can make the RP API return at a rate. */
export const INJECTABLE_ERRORS = ['internalError', 'maintenance', 'requestTimeout', 'alreadyInProgress'] as const;
export type InjectableError = (typeof INJECTABLE_ERRORS)[number];

/** The wire body of every BankID error: `{ errorCode, details }`. */
export interface BankIdErrorBody {
  errorCode: BankIdErrorCode;
  details: string;
}

/** Thrown anywhere under /rp/v6.0; the BankID error filter writes it as BankID would. */
export class BankIdApiError extends Error {
  readonly status: number;

  constructor(
    readonly errorCode: BankIdErrorCode,
    readonly details: string,
  ) {
    super(`${errorCode}: ${details}`);
    this.status = BANKID_ERROR_STATUS[errorCode];
  }

  body(): BankIdErrorBody {
    return { errorCode: this.errorCode, details: this.details };
  }
}
