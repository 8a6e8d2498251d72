import { Inject, Injectable } from '@nestjs/common';
import { type EventContract, type EventEnvelope, ContractViolationError, validatePayload } from '@insyn/contracts';
import { Clock, IdGenerator, RequestContext } from '@insyn/platform';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { eventCreationContext, traceHeaders, type TraceCarrier } from './trace-context.js';

/** The header every event sent to Kafka carries its id in (consumers read ahead in their inbox by it). */
export const EVENT_ID_HEADER = 'insyn-event-id';
/** The header every event sent to Kafka carries its type in. */
export const EVENT_TYPE_HEADER = 'insyn-event-type';

/**
 * An event waiting to be published, stored inside the document whose change it announces, in the
 * same atomic write (no multi-document transactions needed): ADR 0004.
 */
export interface OutboxEntry extends TraceCarrier {
  id: string;
  topic: string;
  key: string;
  /** The envelope as JSON, exactly the bytes that go to Kafka. */
  value: string;
  createdAt: Date;
  // traceparent/tracestate (TraceCarrier): the W3C trace context the event was created in, when tracing
  // is on; the relay sends them as Kafka headers so that the consumer continues the trace (ADR 0020).
}

/**
 * The Kafka headers an event goes out with (docs/asyncapi.yaml): its id and type, and the trace context
 * it was created in, when it has one.
 */
export function eventHeaders(entry: OutboxEntry): Record<string, string> {
  return traceHeaders(entry, { [EVENT_ID_HEADER]: entry.id, [EVENT_TYPE_HEADER]: entry.topic });
}

/**
 * The options of a `findOneAndUpdate` that pushes outbox entries in its update: it answers with the
 * document's outbox as the write left it (or null when the filter matched nothing), which the producer
 * hands to `OutboxRelay.enqueued`, so that the relay sends it without reading the document (ADR 0028).
 */
export const RETURN_OUTBOX = { returnDocument: 'after', projection: { outbox: 1 } } as const;

/** A document's outbox as a write left it: what `RETURN_OUTBOX` returns, or what an insert inserted. */
export type WrittenOutbox = readonly OutboxEntry[];

/** The document a write with `RETURN_OUTBOX` answers with: its outbox, nothing else of it. */
export interface OutboxOnly {
  outbox?: OutboxEntry[];
}

/**
 * The outbox a write with `RETURN_OUTBOX` left, from its answer: null when its filter matched nothing (it
 * wrote nothing); an empty outbox when it matched and pushed nothing.
 */
export function writtenOutbox(answer: OutboxOnly | null): WrittenOutbox | null {
  return answer ? (answer.outbox ?? []) : null;
}

export interface EventMeta {
  subjectKey?: string;
  correlationId?: string;
}

/** Builds validated envelopes and outbox entries for this service's events. */
@Injectable()
export class EventFactory {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  envelope<TType extends string, TData extends object>(
    contract: EventContract<TType, TData>,
    data: TData,
    meta: EventMeta = {},
  ): EventEnvelope<TType, TData> {
    const violations = validatePayload(contract, data);
    if (violations.length > 0) throw new ContractViolationError(contract.type, violations);
    const id = this.ids.next();
    return {
      id,
      type: contract.type,
      occurredAt: this.clock.now().toISOString(),
      source: this.options.service,
      correlationId: meta.correlationId ?? RequestContext.correlationId() ?? id,
      ...(meta.subjectKey ? { subjectKey: meta.subjectKey } : {}),
      data,
    };
  }

  /** The entry to `$push` onto the aggregate's `outbox` in the same update as the state change. */
  outboxEntry<TType extends string, TData extends object>(
    contract: EventContract<TType, TData>,
    data: TData,
    meta: EventMeta = {},
  ): OutboxEntry {
    const envelope = this.envelope(contract, data, meta);
    return {
      id: envelope.id,
      topic: contract.type,
      key: contract.key(data),
      value: JSON.stringify(envelope),
      createdAt: new Date(envelope.occurredAt),
      ...eventCreationContext(contract.type, envelope.id),
    };
  }
}
