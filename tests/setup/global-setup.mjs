// Starts the real Kafka broker and MongoDB-protocol server for integration and e2e tests, unless
// scripts/test.mjs (or the caller) already gave KAFKA_BROKERS and MONGODB_URI.
import { startInfra } from '../../scripts/infra.mjs';

export default async function globalSetup() {
  if (process.env.KAFKA_BROKERS && process.env.MONGODB_URI) return;
  const infra = await startInfra();
  Object.assign(process.env, infra.env);
  process.stderr.write(`\n[infra] Kafka: ${infra.kafkaKind}; MongoDB: ${infra.mongoKind}\n`);
  globalThis.__insynInfra = infra;
}
