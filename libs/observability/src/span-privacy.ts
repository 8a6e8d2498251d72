import { type Context, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { scrubPersonalData } from './logger.js';

/** Attributes that hold a URL or its path: kept without the query string, personnummer masked. */
const URL_ATTRIBUTES = new Set(['http.url', 'http.target', 'url.full', 'url.path', 'http.route']);

/**
 * Attributes never exported: the query string (the access log leaves it out too), the Kafka key (an
 * aggregate id or a person's subject key, a pseudonym), the caller's address and user agent (the logs
 * keep neither).
 */
const DROPPED_ATTRIBUTES = new Set([
  'url.query',
  'messaging.kafka.message.key',
  'client.address',
  'client.port',
  'http.client_ip',
  'http.user_agent',
  'user_agent.original',
]);

/** The peer's address: on a server span that is the caller's, dropped; on a client span it is a server of ours. */
const PEER_ATTRIBUTES = new Set([
  'net.peer.ip',
  'net.peer.port',
  'net.sock.peer.addr',
  'net.sock.peer.port',
  'network.peer.address',
  'network.peer.port',
]);

function withoutQuery(value: string): string {
  const at = value.search(/[?#]/);
  return at === -1 ? value : value.slice(0, at);
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrubPersonalData(value);
  if (Array.isArray(value)) return (value as unknown[]).map((v) => (typeof v === 'string' ? scrubPersonalData(v) : v));
  return value;
}

/**
 * Takes personal data out of a finished span before it leaves the process: what the instrumentations
 * record (the request URL, the client's address, a Kafka key, an exception's message) is held to the
 * same rules as our log lines. Exported for its test.
 */
export function scrubSpan(span: ReadableSpan): void {
  const attributes = span.attributes as Record<string, unknown>;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (DROPPED_ATTRIBUTES.has(key) || (span.kind === SpanKind.SERVER && PEER_ATTRIBUTES.has(key))) {
      delete attributes[key];
    } else if (URL_ATTRIBUTES.has(key) && typeof value === 'string') {
      attributes[key] = scrubPersonalData(withoutQuery(value));
    } else {
      attributes[key] = scrubValue(value);
    }
  }
  for (const event of span.events) {
    const eventAttributes = (event.attributes ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(eventAttributes)) eventAttributes[key] = scrubValue(eventAttributes[key]);
  }
  (span as { name: string }).name = scrubPersonalData(span.name);
}

/** Wraps the exporting processor: every span is scrubbed (scrubSpan) before it is queued for export. */
export class PersonalDataSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    scrubSpan(span);
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
