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
  /** `folder` or `http`: named in /health and the boot log. */
  abstract readonly kind: 'folder' | 'http';
  /** Where packages go, for the boot log: the folder, or the endpoint without credentials or query. */
  abstract readonly destination: string;

  abstract deliver(pkg: ArchivePackageDelivery): Promise<ArchiveReceipt>;

  /**
   * Makes the destination ready and checks it can take a package without sending one: the folder adapter
   * creates its folder (0700) and writes and removes a probe file. Called at boot and by /health; throws an
   * ArchiveDeliveryError naming the reason. A destination that can only be tested by a delivery (HTTP)
   * resolves at once: its health is the outcome of the last delivery.
   */
  abstract prepare(): Promise<void>;
}

/**
 * Base class; `retryable` tells the caller whether the same delivery may succeed later. `reason` is a short
 * code without personal data or content, shown to the unit and used as a metric label: an errno code
 * (`ENOENT`, `EACCES`, `ENOTDIR`, `ECONNREFUSED`...), `http-<status>`, `timeout`, or one of the package and
 * receipt codes (`package-invalid`, `objid-conflict`, `receipt-malformed`, `receipt-mismatch`).
 */
export abstract class ArchiveDeliveryError extends Error {
  abstract readonly retryable: boolean;
  readonly reason: string;

  constructor(message: string, reason: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** Network failure, timeout, 5xx, 408/429: try again later (after `retryAfterMs` when the receiver said so). */
export class RetryableArchiveError extends ArchiveDeliveryError {
  override readonly name = 'RetryableArchiveError';
  readonly retryable = true;
  constructor(
    message: string,
    reason: string,
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, reason, options);
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
  constructor(message: string) {
    super(message, 'receipt-mismatch');
  }
}

export const OBJID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SHA256_HEX_PATTERN = /^[0-9a-fA-F]{64}$/;

/** The errno code of a file-system or socket error (its own or its cause's), as a reason; `io-error` when it has none. */
export function errnoReason(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z0-9_]{1,30}$/.test(code)) return code;
  }
  return 'io-error';
}
