import { kafkaClientConfig, kafkaConnection } from '@insyn/messaging';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs client for tests and benchmarks, connected as the apps are: KAFKA_BROKERS with the same TLS
 * and SASL settings (KAFKA_SSL*, KAFKA_SASL*), read and checked by @insyn/messaging.
 */
export function testKafka(clientId: string): Kafka {
  return new Kafka({ ...kafkaClientConfig(kafkaConnection(process.env), clientId), logLevel: logLevel.NOTHING });
}

/**
 * Creates the topics (by their names on the broker) that do not exist yet, with 3 partitions. Test files
 * run side by side create the same shared topics (the dead-letter topic, say): the loser's wait for
 * leaders can ask a broker that does not know the winner's topic yet ("This server does not host this
 * topic-partition"), which kafkajs does not retry. Each failure is tried again, as the services'
 * `KafkaClient.ensureTopics` does, about 15 s in all.
 */
export async function ensureTestTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((t) => !existing.has(t));
      try {
        if (missing.length > 0)
          await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 3 })) });
        // Created here or by another file: every partition has a leader this broker knows.
        for (const topic of topics) await admin.fetchTopicOffsets(topic);
        return;
      } catch (err) {
        if (attempt >= 6) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
