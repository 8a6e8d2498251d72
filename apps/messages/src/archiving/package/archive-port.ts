/** What a package delivery hands over and gets back. */
export interface ArchivePackageDelivery {
  objid: string;
  zip: Buffer;
  /** Lower-case hex SHA-256 of `zip`, as we computed it. */
  sha256: string;
}

export interface ArchiveReceipt {
  receiptId: string;
  receivedAt: Date;
  /** Lower-case hex SHA-256 of the package as the receiver computed it from what it stored. */
  sha256: string;
}

/**
 * Delivers an archive package to the business system (a folder it watches, or its HTTP endpoint). An
 * implementation resolves only once the receiver holds the package, and is idempotent per objid: the same
 * bytes again return the same receipt, different bytes under a used objid are refused.
 */
export abstract class ArchivePort {
  abstract deliver(pkg: ArchivePackageDelivery): Promise<ArchiveReceipt>;
}

/** Base class; `retryable` tells the caller whether the same delivery may succeed later. */
export abstract class ArchiveDeliveryError extends Error {
  abstract readonly retryable: boolean;
}

/** Network failure, timeout, 5xx, 408/429: try again later (after `retryAfterMs` when the receiver said so). */
export class RetryableArchiveError extends ArchiveDeliveryError {
  override readonly name = 'RetryableArchiveError';
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Refused for good (4xx, objid conflict, broken package, bad receipt): needs a person, not a retry. */
export class PermanentArchiveError extends ArchiveDeliveryError {
  override readonly name: string = 'PermanentArchiveError';
  readonly retryable = false;
}

/** The receiver stored bytes other than the ones we sent. */
export class ArchiveReceiptMismatchError extends PermanentArchiveError {
  override readonly name = 'ArchiveReceiptMismatchError';
}

export const OBJID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SHA256_HEX_PATTERN = /^[0-9a-fA-F]{64}$/;
