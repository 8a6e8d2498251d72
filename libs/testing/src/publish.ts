import { randomUUID } from 'node:crypto';
import type { EventContract } from '@insyn/contracts';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, TopicNames } from '@insyn/messaging';
import { Partitioners } from 'kafkajs';
import { markKafkaHistory } from './kafka-history.js';
import { testKafka } from './test-kafka.js';

/** The header of a deliberately malformed test event: KafkaProbe leaves such messages out. */
export const MALFORMED_TEST_EVENT = 'insyn-test-malformed';

/**
 * Sends an event the way a producing service would (envelope, key, headers), for tests of consumers.
 * `raw` sends a value as given instead (to test dead-lettering of malformed events); `key` replaces the
 * contract's key (events with one key share a partition, and so their order). `malformed` marks the
 * message (header {@link MALFORMED_TEST_EVENT}) so that other files' probes, which read every topic's
 * whole history on the shared broker, do not see it.
 */
export async function publishEvent<TData extends object>(
  contract: EventContract<string, TData>,
  data: TData,
  opts: { subjectKey?: string; source?: string; id?: string; raw?: string; key?: string; malformed?: boolean } = {},
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
  const kafka = testKafka(`test-publisher-${id}`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: TopicNames.fromEnv().onBroker(contract.type),
      messages: [
        {
          key: opts.key ?? (opts.raw === undefined ? contract.key(data) : id),
          value: opts.raw ?? JSON.stringify(envelope),
          headers: {
            [EVENT_ID_HEADER]: id,
            [EVENT_TYPE_HEADER]: contract.type,
            ...(opts.malformed ? { [MALFORMED_TEST_EVENT]: '1' } : {}),
          },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return id;
}
