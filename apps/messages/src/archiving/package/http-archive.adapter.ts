import { createHash } from 'node:crypto';

import { Clock, SystemClock } from '@insyn/platform';

import {
  type ArchivePackageDelivery,
  type ArchiveReceipt,
  ArchivePort,
  ArchiveReceiptMismatchError,
  errnoReason,
  PermanentArchiveError,
  RetryableArchiveError,
  SHA256_HEX_PATTERN,
} from './archive-port.js';

export interface HttpArchiveOptions {
  timeoutMs: number;
  /** Extra request headers, e.g. `authorization`. Never logged. */
  headers?: Record<string, string>;
  clock?: Clock;
}

/**
 * POSTs the zip to the business system's archive endpoint.
 *
 * Request: `content-type: application/zip`, `content-digest: sha-256=:<base64>:` (RFC 9530; the older
 * `Digest` header of RFC 3230 is obsolete and not sent). Expects 200 or 201 with JSON
 * `{ receiptId, sha256, receivedAt? }`; the receipt's sha256 (hex, the receiver's own computation) must
 * equal ours. Redirects are not followed: conversation content goes only to the configured URL, which
 * must be https unless it is a loopback address.
 *
 * Errors: network failure, timeout, 5xx, 408 and 429 throw RetryableArchiveError (with Retry-After when
 * given); other 4xx, 3xx and malformed receipts PermanentArchiveError; a differing sha256
 * ArchiveReceiptMismatchError. Response bodies are not copied into error messages (they may echo content).
 */
export class HttpArchiveAdapter extends ArchivePort {
  readonly kind = 'http';
  private readonly url: URL;
  private readonly clock: Clock;

  constructor(
    url: string,
    private readonly options: HttpArchiveOptions,
  ) {
    super();
    this.url = new URL(url);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(this.url.hostname);
    if (this.url.protocol !== 'https:' && !(this.url.protocol === 'http:' && loopback)) {
      throw new Error('archive endpoint must use https (plain http only on loopback)');
    }
    if (!(options.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
    this.clock = options.clock ?? new SystemClock();
  }

  get destination(): string {
    return `${this.url.origin}${this.url.pathname}`;
  }

  /** Nothing to prepare: the endpoint is tested by delivering (a probe would have to send a package). */
  prepare(): Promise<void> {
    return Promise.resolve();
  }

  async deliver(pkg: ArchivePackageDelivery): Promise<ArchiveReceipt> {
    const digest = createHash('sha256').update(pkg.zip).digest();
    if (digest.toString('hex') !== pkg.sha256.toLowerCase())
      throw new PermanentArchiveError(`sha256 given for ${pkg.objid} is not the zip's`, 'package-invalid');

    let response: Response;
    let body: string;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          ...this.options.headers,
          'content-type': 'application/zip',
          'content-digest': `sha-256=:${digest.toString('base64')}:`,
        },
        body: pkg.zip,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const reason = timedOut ? `timed out after ${this.options.timeoutMs} ms` : (error as Error).message;
      throw new RetryableArchiveError(
        `archive delivery of ${pkg.objid} failed: ${reason}`,
        timedOut ? 'timeout' : errnoReason(error),
        undefined,
        {
          cause: error,
        },
      );
    }

    const { status } = response;
    if (status >= 500 || status === 408 || status === 429) {
      throw new RetryableArchiveError(
        `archive endpoint answered ${status} for ${pkg.objid}`,
        `http-${status}`,
        retryAfterMs(response.headers.get('retry-after'), this.clock),
      );
    }
    if (status !== 200 && status !== 201)
      throw new PermanentArchiveError(`archive endpoint answered ${status} for ${pkg.objid}`, `http-${status}`);

    const receipt = parseReceipt(body);
    if (!receipt) throw new PermanentArchiveError(`archive endpoint returned a malformed receipt for ${pkg.objid}`, 'receipt-malformed');
    const sha256 = receipt.sha256.toLowerCase();
    if (sha256 !== pkg.sha256.toLowerCase()) {
      throw new ArchiveReceiptMismatchError(`receipt ${receipt.receiptId} for ${pkg.objid} has sha256 ${sha256}, expected ${pkg.sha256}`);
    }
    return { receiptId: receipt.receiptId, receivedAt: receipt.receivedAt ?? this.clock.now(), sha256 };
  }
}

function parseReceipt(body: string): { receiptId: string; sha256: string; receivedAt?: Date } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { receiptId, sha256, receivedAt } = value as Record<string, unknown>;
  if (typeof receiptId !== 'string' || receiptId.trim() === '' || typeof sha256 !== 'string' || !SHA256_HEX_PATTERN.test(sha256))
    return undefined;
  if (typeof receivedAt === 'string') {
    const at = new Date(receivedAt);
    if (!Number.isNaN(at.getTime())) return { receiptId, sha256, receivedAt: at };
  }
  return { receiptId, sha256 };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3). */
export function retryAfterMs(header: string | null, clock: Clock): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - clock.now().getTime());
}
