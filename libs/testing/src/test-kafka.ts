import { createMissingTopics, kafkaClientConfig, kafkaConnection } from '@insyn/messaging';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs client for tests and benchmarks, connected as the apps are: KAFKA_BROKERS with the same TLS
 * and SASL settings (KAFKA_SSL*, KAFKA_SASL*), read and checked by @insyn/messaging.
 */
export function testKafka(clientId: string): Kafka {
  return new Kafka({ ...kafkaClientConfig(kafkaConnection(process.env), clientId), logLevel: logLevel.NOTHING });
}

/** Creates the topics (by their names on the broker) that do not exist yet, with 3 partitions, as the services do (createMissingTopics). */
export async function ensureTestTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createMissingTopics(admin, topics, { numPartitions: 3 });
  } finally {
    await admin.disconnect();
  }
}
