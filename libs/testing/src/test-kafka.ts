import { kafkaClientConfig, kafkaConnection } from '@insyn/messaging';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs client for tests and benchmarks, connected as the apps are: KAFKA_BROKERS with the same TLS
 * and SASL settings (KAFKA_SSL*, KAFKA_SASL*), read and checked by @insyn/messaging.
 */
export function testKafka(clientId: string): Kafka {
  return new Kafka({ ...kafkaClientConfig(kafkaConnection(process.env), clientId), logLevel: logLevel.NOTHING });
}
