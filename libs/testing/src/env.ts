import { randomBytes } from 'node:crypto';

/**
 * Points the process at the test run's real Kafka and MongoDB (started by the global setup) with a
 * database of its own, so test files never share state. Call before importing an app module:
 * ConfigModule validates the environment when the module is defined.
 */
export function useTestEnvironment(overrides: Record<string, string> = {}): { db: string } {
  if (!process.env.KAFKA_BROKERS || !process.env.MONGODB_URI)
    throw new Error('KAFKA_BROKERS and MONGODB_URI are not set: run the tests through `npm test`');
  const db = `test_${randomBytes(5).toString('hex')}`;
  // Its own consumer groups too: apps of parallel test files must not take each other's events.
  Object.assign(process.env, {
    NODE_ENV: 'test',
    MONGODB_DB: db,
    KAFKA_CONSUMER_GROUP: `insyn-${db}`,
    LOG_LEVEL: 'warn',
    KAFKA_TOPIC_PARTITIONS: '3',
    ...overrides,
  });
  return { db };
}

export const uniqueSuffix = (): string => randomBytes(4).toString('hex');
