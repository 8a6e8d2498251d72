import { randomUUID } from 'node:crypto';
import type { EventContract } from '@insyn/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { markKafkaHistory } from './kafka-history.js';

/**
 * Sends an event the way a producing service would (envelope, key, headers), for tests of consumers.
 * `raw` sends a value as given instead (to test dead-lettering of malformed events); `key` replaces the
 * contract's key (events with one key share a partition, and so their order).
 */
export async function publishEvent<TData extends object>(
  contract: EventContract<string, TData>,
  data: TData,
  opts: { subjectKey?: string; source?: string; id?: string; raw?: string; key?: string } = {},
): Promise<string> {
  // What this file publishes lands after its history mark, so its own apps handle it.
  await markKafkaHistory();
  const id = opts.id ?? randomUUID();
  const envelope = {
    id,
    type: contract.type,
    occurredAt: new Date().toISOString(),
    source: opts.source ?? 'test',
    correlationId: id,
    ...(opts.subjectKey ? { subjectKey: opts.subjectKey } : {}),
    data,
  };
  const kafka = new Kafka({ clientId: `test-publisher-${id}`, brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: contract.type,
      messages: [
        {
          key: opts.key ?? (opts.raw === undefined ? contract.key(data) : id),
          value: opts.raw ?? JSON.stringify(envelope),
          headers: { 'insyn-event-id': id, 'insyn-event-type': contract.type },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return id;
}
