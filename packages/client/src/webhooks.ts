/** The header each delivery is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'insyn-signature';

/** What a citizen's reply delivers (messages.message.received.v1): ids only, no content, no personnummer. */
export interface MessageReceivedData {
  conversationId: string;
  messageId: string;
  unit: string;
  /** The case reference the conversation was opened with, if any. */
  caseReference?: string;
  receivedAt: string;
}

/** A webhook delivery's body. The same event may come more than once (at least once): dedupe by `id` (also `Insyn-Event-Id`). */
export interface InsynWebhookEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  occurredAt: string;
  data: Data;
}

export type MessageReceivedEvent = InsynWebhookEvent<'messages.message.received.v1', MessageReceivedData>;

/** Why a delivery was refused: answer it with a 4xx and do not act on it. */
export type WebhookRefusal = 'missing-signature' | 'malformed-signature' | 'too-old' | 'signature-mismatch' | 'malformed-body';

export class WebhookVerificationError extends Error {
  constructor(readonly reason: WebhookRefusal) {
    super(`webhook refused: ${reason}`);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyWebhookOptions {
  /** How far the signature's time may be from now, in seconds (default 300): an old delivery replayed is refused. */
  toleranceSeconds?: number;
  now?: Date;
}

/** Request headers as fetch (Headers) or Node's http module (an object of lower-case names) has them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));

/**
 * Checks a webhook delivery and answers its event. `body` is the request body exactly as received (the
 * raw text, not re-serialised JSON: the signature covers the bytes sent), `secret` the webhook's `whsec_…`
 * secret from its registration. The scheme: `Insyn-Signature: t=<unix seconds>,v1=<hex>`, where v1 is
 * HMAC-SHA256 keyed with the whole secret (UTF-8, `whsec_` included) over `<t>.<body>`; the MAC is
 * compared in constant time (Web Crypto's verify) and `t` must be within the tolerance of now.
 * Throws WebhookVerificationError naming why otherwise.
 */
export async function verifyWebhook<Event extends InsynWebhookEvent<string, unknown> = MessageReceivedEvent>(
  body: string,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<Event> {
  const value = header(headers, SIGNATURE_HEADER);
  if (!value) throw new WebhookVerificationError('missing-signature');
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const [key, v] = [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    if (key === 't' && /^\d+$/.test(v)) t = Number(v);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(v)) signatures.push(v);
  }
  if (t === undefined || signatures.length === 0) throw new WebhookVerificationError('malformed-signature');
  const now = (options.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) throw new WebhookVerificationError('too-old');

  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signed = encoder.encode(`${t}.${body}`);
  let valid = false;
  for (const signature of signatures) valid = (await globalThis.crypto.subtle.verify('HMAC', key, hexBytes(signature), signed)) || valid;
  if (!valid) throw new WebhookVerificationError('signature-mismatch');
  try {
    return JSON.parse(body) as Event;
  } catch {
    throw new WebhookVerificationError('malformed-body');
  }
}
