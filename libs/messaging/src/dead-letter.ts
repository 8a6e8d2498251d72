import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Topics, type ContractViolation } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { Counter } from 'prom-client';
import { KafkaClient } from './kafka-client.js';
import { metric } from '@insyn/observability';

/** What an operator alerts on: any dead letter means an event some consumer will never handle unless replayed. */
export const deadLettersWritten = metric(
  'insyn_dead_letters_total',
  () =>
    new Counter({
      name: 'insyn_dead_letters_total',
      help: 'Events written to the dead-letter topic, by original topic, reason and consumer (class.method)',
      labelNames: ['topic', 'reason', 'consumer'],
    }),
);

export interface DeadLetterRecord {
  consumer: string;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The message value exactly as received (it may hold personal data: the topic's retention is short). */
  value: string | null;
  /** Present when `value` holds only the beginning of a value too large to keep whole (see DEAD_LETTER_MAX_BYTES). */
  valueTruncated?: { bytes: number; sha256: string };
  eventId?: string;
  reason: 'contract-violation' | 'handler-failed';
  error: string;
  violations?: ContractViolation[];
  attempts: number;
  deadLetteredAt: string;
}

/**
 * The most a dead letter takes as JSON: half of Kafka's default largest message (1 MiB), so a value that
 * was itself near that size, wrapped with the consumer, reason and violations (and its quotes escaped),
 * still fits. Before this a value that large could not be dead-lettered: the write failed, kafkajs
 * redelivered it, and the consumer's partition stood still.
 */
export const DEAD_LETTER_MAX_BYTES = 512 * 1024;
const MAX_ERROR_CHARS = 2_000;
const MAX_VIOLATIONS = 100;

const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/** The record as written: whole when it fits, else its value cut (with the whole value's size and digest). */
export function fitDeadLetter(record: DeadLetterRecord): DeadLetterRecord {
  if (jsonBytes(record) <= DEAD_LETTER_MAX_BYTES) return record;
  const value = record.value ?? '';
  const slim: DeadLetterRecord = {
    ...record,
    error: record.error.slice(0, MAX_ERROR_CHARS),
    ...(record.violations ? { violations: record.violations.slice(0, MAX_VIOLATIONS) } : {}),
    value: '',
    valueTruncated: { bytes: Buffer.byteLength(value), sha256: createHash('sha256').update(value).digest('hex') },
  };
  const budget = DEAD_LETTER_MAX_BYTES - jsonBytes(slim);
  // Escaping and UTF-8 can make a character take up to six bytes: shrink the cut by what it overshot.
  let keep = Math.max(0, Math.min(value.length, budget));
  for (let size = jsonBytes(value.slice(0, keep)) - 2; keep > 0 && size > budget; size = jsonBytes(value.slice(0, keep)) - 2)
    keep = Math.min(keep - 1, Math.floor((keep * budget) / size));
  return { ...slim, value: value.slice(0, keep) };
}

/** Writes events that can never be handled to `insyn.dead-letter.v1`, with the reason. */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly kafka: KafkaClient,
    private readonly clock: Clock,
  ) {}

  async send(record: Omit<DeadLetterRecord, 'deadLetteredAt'>): Promise<DeadLetterRecord> {
    const full = fitDeadLetter({ ...record, deadLetteredAt: this.clock.now().toISOString() });
    const producer = await this.kafka.producer();
    await producer.send({
      topic: this.kafka.topics.onBroker(Topics.DeadLetterV1),
      acks: -1,
      messages: [
        {
          key: record.eventId ?? `${record.originalTopic}:${record.partition}:${record.offset}`,
          value: JSON.stringify(full),
          headers: { 'insyn-original-topic': record.originalTopic, 'insyn-dead-letter-reason': record.reason },
        },
      ],
    });
    deadLettersWritten().inc({ topic: record.originalTopic, reason: record.reason, consumer: record.consumer });
    return full;
  }
}
