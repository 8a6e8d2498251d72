import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { defineEvent, envelopeOf } from '@insyn/contracts';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Matches } from 'class-validator';
import type { MessagingOptions } from './messaging.options.js';
import { EventFactory, eventHeaders } from './outbox.js';
import { contextFromHeaders, inSendSpan, traceHeaders } from './trace-context.js';

class Pinged {
  @Matches(/^[a-z0-9-]{8,40}$/)
  thingId!: string;
}
class PingedEnvelope extends envelopeOf(Pinged) {}
const PingedEvent = defineEvent({ type: 'test.pinged.v1', data: Pinged, envelope: PingedEnvelope, key: (d) => d.thingId });

let n = 0;
const events = () =>
  new EventFactory(
    { service: 'test' } as MessagingOptions,
    { now: () => new Date('2026-12-01T10:00:00Z') },
    { next: () => `event-${++n}` },
  );

describe('trace context through the outbox, tracing off', () => {
  it('stores no trace context and sends no trace headers, only the event id and type', () => {
    const entry = events().outboxEntry(PingedEvent, { thingId: 'thing-0001' });
    expect(entry).not.toHaveProperty('traceparent');
    expect(entry).not.toHaveProperty('tracestate');
    expect(traceHeaders(entry)).toEqual({});
    expect(eventHeaders(entry)).toEqual({ 'insyn-event-id': entry.id, 'insyn-event-type': 'test.pinged.v1' });
  });
});

describe('trace context through the outbox, tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => provider.register());
  afterEach(() => exporter.reset());
  afterAll(async () => {
    // The API's globals outlive this file in the worker: leave them as a process without tracing has them.
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const tracer = () => trace.getTracer('test');

  it("captures the request's trace when the entry is written, in a create span beneath it", () => {
    const request = tracer().startSpan('POST /v1/things', { kind: SpanKind.SERVER });
    const entry = context.with(trace.setSpan(context.active(), request), () =>
      events().outboxEntry(PingedEvent, { thingId: 'thing-0001' }),
    );
    request.end();

    const create = exporter.getFinishedSpans().find((s) => s.name === 'create test.pinged.v1')!;
    expect(create.kind).toBe(SpanKind.PRODUCER);
    expect(create.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(create.attributes).toMatchObject({ 'messaging.destination.name': 'test.pinged.v1', 'messaging.message.id': entry.id });
    const { traceId, spanId } = create.spanContext();
    expect(entry.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    // Nothing of the event's content goes into the span.
    expect(JSON.stringify(create.attributes)).not.toContain('thing-0001');
  });

  it('restores it from the headers the relay sends, as Buffers the way kafkajs delivers them', () => {
    const request = tracer().startSpan('POST /v1/things');
    const entry = context.with(trace.setSpan(context.active(), request), () =>
      events().outboxEntry(PingedEvent, { thingId: 'thing-0002' }),
    );
    const sent = eventHeaders(entry);
    expect(sent).toEqual({ 'insyn-event-id': entry.id, 'insyn-event-type': 'test.pinged.v1', traceparent: entry.traceparent });
    const headers = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, Buffer.from(v)]));
    const restored = trace.getSpanContext(contextFromHeaders(headers))!;
    expect(restored.traceId).toBe(request.spanContext().traceId);
    expect(restored.spanId).toBe(entry.traceparent!.split('-')[2]);
    expect(restored.isRemote).toBe(true);
  });

  it("sends a batch in a span that links every entry's creation context and keeps kafkajs's spans out", async () => {
    const entries = ['thing-0003', 'thing-0004'].map((thingId) => {
      const request = tracer().startSpan('POST /v1/things');
      return context.with(trace.setSpan(context.active(), request), () => events().outboxEntry(PingedEvent, { thingId }));
    });
    // What kafkajs's instrumentation does for each message it sends: a span, its context into the headers.
    const headers: Record<string, string> = { ...traceHeaders(entries[0]!) };
    await inSendSpan(['test.pinged.v1'], entries, () => {
      tracer().startSpan('send test.pinged.v1 (kafkajs)').end();
      propagation.inject(context.active(), headers);
      return Promise.resolve();
    });

    const spans = exporter.getFinishedSpans();
    const send = spans.find((s) => s.name === 'send test.pinged.v1')!;
    expect(send.kind).toBe(SpanKind.CLIENT);
    expect(send.parentSpanContext).toBeUndefined();
    expect(send.links.map((l) => l.context.spanId)).toEqual(entries.map((e) => e.traceparent!.split('-')[2]));
    expect(send.attributes['messaging.batch.message_count']).toBe(2);
    expect(spans.map((s) => s.name)).not.toContain('send test.pinged.v1 (kafkajs)');
    expect(headers.traceparent).toBe(entries[0]!.traceparent);
  });
});
