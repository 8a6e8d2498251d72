/**
 * Freja eID's error codes and messages, verbatim from the official client
 * (Freja-eID/frejaeidclient: enums/FrejaEidErrorCode.java). Only those the simulator can produce.
 */
export const FREJA_ERROR_MESSAGES = {
  0: 'Internal error.',
  1000: 'Invalid parameters.',
  1001: 'Invalid or missing userInfoType.',
  1002: 'Invalid or missing userInfo.',
  1004: 'You are not allowed to call this method.',
  1005: 'User has disabled your service.',
  1007: 'Invalid minimum registration level.',
  1008: 'Unknown Relying party.',
  1010: 'JSON request cannot be parsed.',
  1011: 'Invalid relyingPartyId.',
  1012: 'User with the specified user info does not exist in the Freja eID database.',
  1100: 'Invalid reference (for example, nonexistent or expired).',
  1200: 'Invalid or missing includePrevious parameter.',
  2000: 'Authentication request failed. Previous authentication request was rejected due to security reasons.',
  2002: 'Invalid attributesToReturn parameter.',
} as const;

export type FrejaErrorCode = keyof typeof FREJA_ERROR_MESSAGES;

export const FREJA_ERROR_CODES = Object.keys(FREJA_ERROR_MESSAGES).map(Number) as FrejaErrorCode[];

/**
 * An error as Freja's RP API returns it: `{code, message}` with 400 or 422 (HttpService.java treats both
 * alike). Which codes Freja sends with which status is not documented in our sources [I]: the simulator
 * uses 400 for request and reference errors (1xxx), 422 for refused authentications (2xxx) and 500 for code 0.
 */
export class FrejaApiError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: FrejaErrorCode,
    detail?: string,
    httpStatus?: number,
  ) {
    super(detail ? `${FREJA_ERROR_MESSAGES[code]} ${detail}` : FREJA_ERROR_MESSAGES[code]);
    this.httpStatus = httpStatus ?? (code === 0 ? 500 : code >= 2000 ? 422 : 400);
  }

  body(): { code: number; message: string } {
    return { code: this.code, message: this.message };
  }
}
