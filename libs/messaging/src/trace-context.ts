import {
  type Attributes,
  context,
  type Context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

// Our events' path through the outbox and Kafka as OpenTelemetry messaging spans (ADR 0020). Without
// tracing configured no tracer provider is registered: every call here is the API's no-op and an
// outbox entry carries no trace context.

const tracer = () => trace.getTracer('@insyn/messaging');

/** W3C trace context as stored with an outbox entry and sent in the Kafka message's headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const KAFKA: Attributes = { 'messaging.system': 'kafka' };

/**
 * The creation context of an event written to the outbox now, inside whatever is being handled (an HTTP
 * request, an event): a `create` span, ended at once, whose context travels with the event. The relay
 * sends it later, maybe after a restart, and the consumer continues the trace from it.
 */
export function eventCreationContext(topic: string, eventId: string): TraceCarrier {
  const span = tracer().startSpan(`create ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      ...KAFKA,
      'messaging.operation.type': 'create',
      'messaging.operation.name': 'create',
      'messaging.destination.name': topic,
      'messaging.message.id': eventId,
    },
  });
  span.end();
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/**
 * The Kafka headers that carry a stored creation context (none when the entry has none), added to `into`
 * (a new object by default), which is returned.
 */
export function traceHeaders(carrier: TraceCarrier, into: Record<string, string> = {}): Record<string, string> {
  if (carrier.traceparent) into.traceparent = carrier.traceparent;
  if (carrier.tracestate) into.tracestate = carrier.tracestate;
  return into;
}

/** The context a message's headers carry (strings or the Buffers kafkajs delivers); ROOT_CONTEXT's when none. */
export function contextFromHeaders(headers: Record<string, unknown> | undefined): Context {
  const text = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : undefined);
  return propagation.extract(
    ROOT_CONTEXT,
    { traceparent: text(headers?.traceparent), tracestate: text(headers?.tracestate) },
    {
      keys: (carrier) => Object.keys(carrier),
      get: (carrier, key) => carrier[key as keyof TraceCarrier],
    },
  );
}

/**
 * Runs the relay's send of a batch of outbox entries in a `send` span that links each entry's creation
 * context. kafkajs's own instrumentation is kept out of this send: it would start a parentless span per
 * message and write its context over the headers that carry the creation context.
 */
export async function inSendSpan<T>(topics: string[], carriers: TraceCarrier[], send: () => Promise<T>): Promise<T> {
  const links: Link[] = [];
  for (const carrier of carriers) {
    if (!carrier.traceparent) continue; // no context to link: an event written while tracing was off
    const spanContext = trace.getSpanContext(contextFromHeaders(traceHeaders(carrier)));
    if (spanContext) links.push({ context: spanContext });
  }
  const destinations = [...new Set(topics)];
  const span = tracer().startSpan(destinations.length === 1 ? `send ${destinations[0]}` : 'send', {
    // CLIENT, not PRODUCER: the messages' creation contexts are the create spans' (semantic conventions).
    kind: SpanKind.CLIENT,
    links,
    attributes: {
      ...KAFKA,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.batch.message_count': carriers.length,
      ...(destinations.length === 1 ? { 'messaging.destination.name': destinations[0] } : {}),
    },
  });
  try {
    return await context.with(suppressTracing(trace.setSpan(ROOT_CONTEXT, span)), send);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

export interface ProcessSpanFacts {
  topic: string;
  consumer: string;
  group: string;
  partition: number;
  offset: string;
  eventId?: string;
  correlationId: string;
}

/**
 * The span of one consumer handling one event. Its parent is the message's creation context from the
 * headers, so the consumer's work joins the trace of the request that caused the event (a child rather
 * than a link: each message is handled on its own). The Kafka server handles each message outside the
 * kafkajs instrumentation's span for its batch (InsynKafkaServer.handleBatch), which is a trace of its own.
 */
export function startProcessSpan(headers: Record<string, unknown> | undefined, facts: ProcessSpanFacts): { span: Span; context: Context } {
  const parent = contextFromHeaders(headers);
  const span = tracer().startSpan(
    `process ${facts.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...KAFKA,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': facts.topic,
        'messaging.consumer.group.name': facts.group,
        'messaging.destination.partition.id': String(facts.partition),
        'messaging.kafka.offset': Number(facts.offset),
        ...(facts.eventId ? { 'messaging.message.id': facts.eventId } : {}),
        'insyn.consumer': facts.consumer,
        'insyn.correlation_id': facts.correlationId,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Marks a span failed, with the error's type and message (scrubbed before export like every attribute). */
export function failed(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}
