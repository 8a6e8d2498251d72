import https from 'node:https';

/**
 * A small HTTPS client for the e-ID providers' relying-party APIs (BankID, Freja): mutual TLS with our
 * RP certificate, and trust in exactly one pinned CA. Giving `ca` to the agent replaces Node's system
 * store, so a certificate from any other CA (a public one included) is refused. No extra package.
 *
 * Shared by the BankID and Freja clients; it lives here because it came with the BankID client.
 */

export interface MtlsOptions {
  /** Our RP client certificate (PEM; a chain may follow the leaf). */
  clientCert: string | Buffer;
  /** Its private key (PEM). */
  clientKey: string | Buffer;
  /** The provider's pinned server CA (PEM); the only trust anchor. */
  ca: string | Buffer;
  /** Concurrent connections to the provider (default 32). */
  maxSockets?: number;
}

export function createMtlsAgent(options: MtlsOptions): https.Agent {
  if (!nonEmpty(options.clientCert) || !nonEmpty(options.clientKey)) throw new TypeError('mTLS: clientCert and clientKey are required');
  if (!nonEmpty(options.ca)) throw new TypeError('mTLS: the pinned server CA is required');
  return new https.Agent({
    cert: options.clientCert,
    key: options.clientKey,
    ca: options.ca,
    keepAlive: true,
    minVersion: 'TLSv1.2',
    maxSockets: options.maxSockets ?? 32,
  });
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The request never reached the provider or never came back: network, TLS handshake, our timeout. */
export class TransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
  }
}

/** The provider answered with more than we are willing to read. */
export class ReplyTooLargeError extends Error {}

/** Large enough for a BankID XMLDSig signature with OCSP response or a Freja JWS with a photo. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;

/** POSTs `body` once (no retries: BankID asks RPs not to retry) and reads the whole reply as UTF-8. */
export function post(agent: https.Agent, url: URL, body: string, contentType: string, timeoutMs: number): Promise<HttpReply> {
  return new Promise<HttpReply>((resolve, reject) => {
    const payload = Buffer.from(body, 'utf8');
    const request = https.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': contentType, 'content-length': payload.length, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_REPLY_BYTES) {
            response.destroy();
            reject(new ReplyTooLargeError(`reply larger than ${MAX_REPLY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => reject(new TransportError(describe(error, timeoutMs), { cause: error })));
      },
    );
    request.on('error', (error) => reject(new TransportError(describe(error, timeoutMs), { cause: error })));
    request.end(payload);
  });
}

function describe(error: Error, timeoutMs: number): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `no reply within ${timeoutMs} ms`;
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${error.message}` : error.message;
}

function nonEmpty(value: string | Buffer): boolean {
  return value.length > 0;
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The port's error code for an HTTP error that came without a readable provider error body (a proxy
 * page, an empty 429). BankID's table (research notes 1.5) gives the meaning of each status.
 */
export function errorCodeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalidParameters';
    case 401:
    case 403:
      return 'unauthorized';
    case 404:
      return 'notFound';
    case 405:
      return 'methodNotAllowed';
    case 408:
      return 'requestTimeout';
    case 415:
      return 'unsupportedMediaType';
    case 429:
      return 'tooManyRequests';
    case 500:
      return 'internalError';
    case 503:
      return 'maintenance';
    case 502:
    case 504:
      return 'unavailable';
    default:
      return 'invalidResponse';
  }
}
