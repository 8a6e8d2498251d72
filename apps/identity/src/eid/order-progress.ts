import { HttpStatus, type Logger } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';
import QRCode from 'qrcode';
import { EidProviderError, type OrderEidProvider, type StartedOrder, type StartMethod } from './eid-provider.js';
import { userMessage } from './user-messages.js';

// What sign-ins (logins) and sign orders share while an order runs at BankID or Freja: when to collect,
// how a stored hint reads, and what a poll of a pending order shows.

/** BankID asks for a collect every 2 s; the browser is told to poll that often. */
export const POLL_AFTER_MS = 2_000;

/** Provider errors worth another poll: the order may still be alive. */
export const TRANSIENT_EID_ERRORS = new Set(['unavailable', 'internalError', 'maintenance', 'requestTimeout', 'tooManyRequests']);

/** A stored hint: the provider's hint code, or `error:<code>` for a provider error met while collecting. */
export function splitHint(raw: string | undefined): { hintCode?: string; errorCode?: string } {
  const hint = raw ?? 'outstandingTransaction';
  return hint.startsWith('error:') ? { errorCode: hint.slice('error:'.length) } : { hintCode: hint };
}

/** What a poll of a pending order adds: when to poll again, the QR code at `now` (while nobody has picked it up), or the launch link. */
export async function pendingExtras(
  provider: OrderEidProvider,
  order: StartedOrder,
  method: StartMethod,
  hint: { hintCode?: string; errorCode?: string },
  now: Date,
): Promise<{ pollAfterMs: number; qr?: { content: string; svg: string }; autoStartUrl?: string }> {
  const extras: { pollAfterMs: number; qr?: { content: string; svg: string }; autoStartUrl?: string } = { pollAfterMs: POLL_AFTER_MS };
  if (method === 'qr' && (hint.hintCode === 'outstandingTransaction' || hint.hintCode === 'noClient' || hint.errorCode)) {
    const content = provider.qrContent(order, now);
    if (content) extras.qr = { content, svg: await QRCode.toString(content, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 }) };
  }
  if (method === 'same-device') {
    const url = provider.launchUrl(order);
    if (url) extras.autoStartUrl = url;
  }
  return extras;
}

/**
 * When each pending order was last collected here, so that however many tabs poll, the provider is asked at
 * most once per interval per instance. Insertion-ordered: beyond `max` the oldest are forgotten (and may be
 * collected early once).
 */
export class CollectThrottle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: () => number,
    private readonly max = 100_000,
  ) {}

  due(id: string, now: Date): boolean {
    const last = this.last.get(id);
    if (last !== undefined && now.getTime() - last < this.intervalMs()) return false;
    if (this.last.size >= this.max) this.last.delete(this.last.keys().next().value!);
    this.last.delete(id);
    this.last.set(id, now.getTime());
    return true;
  }

  forget(id: string): void {
    this.last.delete(id);
  }
}

/** The problem for an order the provider would not start: 409 when one is already in progress, else 503, with the user message. */
export function startProblem(
  provider: 'bankid' | 'freja',
  method: StartMethod,
  err: unknown,
  what: 'sign-in' | 'signing',
  logger: Logger,
): ProblemException {
  if (!(err instanceof EidProviderError)) throw err;
  const message = userMessage({ provider, status: 'failed', errorCode: err.code, method });
  if (err.code === 'alreadyInProgress')
    return new ProblemException(HttpStatus.CONFLICT, 'eid/already-in-progress', `A ${what} is already in progress`, message.en, undefined, {
      message,
    });
  logger.warn(`${what} start at ${provider} failed: ${err.code}`);
  return new ProblemException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'eid/unavailable',
    `${provider} could not start a ${what}`,
    message.en,
    undefined,
    {
      message,
    },
  );
}
