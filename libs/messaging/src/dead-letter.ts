import { Injectable } from '@nestjs/common';
import { Topics, type ContractViolation } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { KafkaClient } from './kafka-client.js';

export interface DeadLetterRecord {
  consumer: string;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The message value exactly as received (it may hold personal data: the topic's retention is short). */
  value: string | null;
  eventId?: string;
  reason: 'contract-violation' | 'handler-failed';
  error: string;
  violations?: ContractViolation[];
  attempts: number;
  deadLetteredAt: string;
}

/** Writes events that can never be handled to `insyn.dead-letter.v1`, with the reason. */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly kafka: KafkaClient,
    private readonly clock: Clock,
  ) {}

  async send(record: Omit<DeadLetterRecord, 'deadLetteredAt'>): Promise<DeadLetterRecord> {
    const full: DeadLetterRecord = { ...record, deadLetteredAt: this.clock.now().toISOString() };
    const producer = await this.kafka.producer();
    await producer.send({
      topic: Topics.DeadLetterV1,
      acks: -1,
      messages: [
        {
          key: record.eventId ?? `${record.originalTopic}:${record.partition}:${record.offset}`,
          value: JSON.stringify(full),
          headers: { 'insyn-original-topic': record.originalTopic, 'insyn-dead-letter-reason': record.reason },
        },
      ],
    });
    return full;
  }
}
