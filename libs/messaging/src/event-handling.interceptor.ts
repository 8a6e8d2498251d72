import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EventPattern, type KafkaContext } from '@nestjs/microservices';
import {
  type ContractViolation,
  ContractViolationError,
  type EventContract,
  flattenValidationErrors,
  validateEvent,
} from '@insyn/contracts';
import { RequestContext } from '@insyn/platform';
import { context as otelContext, SpanStatusCode } from '@opentelemetry/api';
import type { ValidationError } from 'class-validator';
import { Counter } from 'prom-client';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DeadLetters } from './dead-letter.js';
import { Inbox } from './persistence/inbox.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { metric } from '@insyn/observability';
import { failed, startProcessSpan } from './trace-context.js';

/** Throw from a handler when an event is well-formed but can never be handled: it is dead-lettered at once. */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

const EVENT_CONTRACT = 'insyn:event-contract';

/**
 * Set by `npm run dead-letters -- replay` on a dead letter it publishes again: a consumer that
 * dead-lettered the event handles it once more; every other consumer skips it through its inbox.
 */
export const REPLAY_HEADER = 'insyn-replay-of';

/** The Kafka key as sent (Nest hands it over decoded: a string, or a parsed object when it looked like JSON). */
function keyText(key: unknown): string | null {
  if (key == null) return null;
  if (typeof key === 'string') return key;
  return Buffer.isBuffer(key) ? key.toString() : JSON.stringify(key);
}

/** A Kafka header's value as text (kafkajs hands headers over as Buffers). */
export function headerText(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : undefined;
}

const consumed = metric(
  'insyn_events_consumed_total',
  () =>
    new Counter({ name: 'insyn_events_consumed_total', help: 'Events seen by consumers, by outcome', labelNames: ['topic', 'outcome'] }),
);

interface RawMessage {
  key: unknown;
  value: unknown;
  /** The value's bytes as received (InsynKafkaServer keeps them; Nest parses `value`). */
  rawValue?: Buffer | null;
  offset: string;
  headers?: Record<string, unknown>;
}

/** The value as received, for the dead letter: the bytes when the server kept them, else what Nest parsed. */
function valueText(message: RawMessage): string | null {
  if (message.rawValue !== undefined) return message.rawValue === null ? null : message.rawValue.toString('utf8');
  if (message.value == null) return null;
  if (typeof message.value === 'string') return message.value;
  try {
    return JSON.stringify(message.value);
  } catch {
    return '(the value could not be written back as JSON)';
  }
}

/**
 * Wraps every Kafka event handler: skips events the consumer already handled (inbox by event id),
 * retries failures with exponential backoff while heartbeating, and sends events that break their
 * contract, or keep failing, to the dead-letter topic so the partition moves on. Only when even the
 * dead-letter write fails does the error reach kafkajs, leaving the offset uncommitted.
 */
@Injectable()
export class EventHandlingInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Events');

  constructor(
    private readonly inbox: Inbox,
    private readonly deadLetters: DeadLetters,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const kafka = context.switchToRpc().getContext<KafkaContext>();
    const consumer = `${context.getClass().name}.${context.getHandler().name}`;
    const message = kafka.getMessage() as unknown as RawMessage;
    const value = message.value;
    const event = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const eventId = typeof event?.id === 'string' ? event.id : undefined;
    const correlationId =
      typeof event?.correlationId === 'string' ? event.correlationId : (eventId ?? `${kafka.getTopic()}:${message.offset}`);
    const contract = this.reflector.get<EventContract<string, object> | undefined>(EVENT_CONTRACT, context.getHandler());
    const topic = kafka.getTopic();
    const { span, context: traced } = startProcessSpan(message.headers, {
      topic,
      consumer,
      group: this.options.groupId,
      partition: kafka.getPartition(),
      offset: message.offset,
      eventId,
      correlationId,
    });
    const handled = otelContext.with(traced, () =>
      RequestContext.run({ correlationId }, () => this.handle(kafka, consumer, message, event, eventId, contract, next)),
    );
    return from(
      handled.then(
        (outcome) => {
          span.setAttribute('insyn.event.outcome', outcome);
          if (outcome === 'dead-lettered') span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
          span.end();
        },
        (err: unknown) => {
          failed(span, err);
          span.end();
          throw err;
        },
      ),
    );
  }

  private async handle(
    kafka: KafkaContext,
    consumer: string,
    message: RawMessage,
    event: Record<string, unknown> | undefined,
    eventId: string | undefined,
    contract: EventContract<string, object> | undefined,
    next: CallHandler,
  ): Promise<'handled' | 'duplicate' | 'dead-lettered'> {
    const topic = kafka.getTopic();
    const deadLetter = async (
      reason: 'contract-violation' | 'handler-failed',
      error: unknown,
      attempts: number,
      violations?: ContractViolation[],
    ) => {
      await this.deadLetters.send({
        consumer,
        originalTopic: topic,
        partition: kafka.getPartition(),
        offset: message.offset,
        key: keyText(message.key),
        value: valueText(message),
        ...(eventId ? { eventId } : {}),
        reason,
        error: error instanceof Error ? error.message : String(error),
        ...(violations ? { violations } : {}),
        attempts,
      });
      if (eventId) await this.inbox.record(consumer, eventId, topic, 'dead-lettered');
      consumed().inc({ topic, outcome: 'dead-lettered' });
      this.logger.warn(`event ${eventId ?? '(no id)'} on ${topic} dead-lettered by ${consumer}: ${reason}`);
      return 'dead-lettered' as const;
    };

    if (!event || !eventId) {
      return deadLetter('contract-violation', new Error('the message is not an event envelope with an id'), 0, [
        { field: '', messages: ['not an event envelope'] },
      ]);
    }
    if (event.type !== topic) {
      return deadLetter('contract-violation', new Error(`type ${String(event.type)} does not belong on topic ${topic}`), 0, [
        { field: 'type', messages: [`type must be ${topic}`] },
      ]);
    }
    const violations = contract ? validateEvent(contract, event) : [];
    if (violations.length > 0) {
      return deadLetter('contract-violation', new ContractViolationError(topic, violations), 0, violations);
    }
    const earlier = await this.inbox.outcome(consumer, eventId);
    const replayOf = headerText(message.headers?.[REPLAY_HEADER]);
    if (earlier && !(earlier === 'dead-lettered' && replayOf)) {
      consumed().inc({ topic, outcome: 'duplicate' });
      return 'duplicate';
    }
    if (earlier) this.logger.log(`event ${eventId} on ${topic}: replay of dead letter ${replayOf} handled again by ${consumer}`);

    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await lastValueFrom(next.handle(), { defaultValue: undefined });
        await this.inbox.record(consumer, eventId, topic, 'handled');
        consumed().inc({ topic, outcome: 'handled' });
        return 'handled';
      } catch (err) {
        const rejected = contractViolations(err);
        if (rejected) return deadLetter('contract-violation', err, attempt, rejected);
        if (err instanceof PermanentEventError) return deadLetter('handler-failed', err, attempt);
        if (attempt >= maxAttempts) return deadLetter('handler-failed', err, attempt);
        this.logger.warn(
          `event ${eventId} on ${topic} failed in ${consumer} (attempt ${attempt}/${maxAttempts}), retrying: ${(err as Error).message}`,
        );
        await this.backoff(kafka, attempt);
      }
    }
  }

  private async backoff(kafka: KafkaContext, attempt: number): Promise<void> {
    const base = this.options.retryBaseMs ?? 200;
    const delay = Math.min(30_000, base * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
    const until = Date.now() + delay;
    while (Date.now() < until) {
      await kafka.getHeartbeat()();
      await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
    }
  }
}

/** Validation failures, from the global ValidationPipe (4xx) or from our own contract checks. */
function contractViolations(err: unknown): ContractViolation[] | undefined {
  if (err instanceof ContractViolationError) return err.violations;
  if (err instanceof HttpException && err.getStatus() >= 400 && err.getStatus() < 500) {
    const response = err.getResponse();
    const messages = typeof response === 'object' && response !== null && 'message' in response ? response.message : err.message;
    if (Array.isArray(messages) && messages.length > 0 && typeof messages[0] === 'object')
      return flattenValidationErrors(messages as ValidationError[]);
    return [{ field: '', messages: Array.isArray(messages) ? messages.map(String) : [String(messages)] }];
  }
  return undefined;
}

/**
 * Marks a method as the handler of one event: subscribes to its topic and applies inbox, retry and
 * dead-lettering. Take the event with `@Payload() event: SomeEvent` so the global pipe validates it.
 */
export function OnEvent(contract: EventContract<string, object>): MethodDecorator {
  return applyDecorators(
    EventPattern(contract.type) as MethodDecorator,
    SetMetadata(EVENT_CONTRACT, contract),
    UseInterceptors(EventHandlingInterceptor),
  );
}
