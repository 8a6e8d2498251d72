import type { EventContract } from '@insyn/contracts';
import type { KafkaConnection } from './kafka-connection.js';

export interface MessagingOptions {
  /** The producing service, written as `source` into every envelope and used as Kafka client id. */
  service: string;
  /** Brokers, TLS and SASL (readKafkaConnection), shared by every client of the process. */
  connection: KafkaConnection;
  /** Put before every topic name on the broker (KAFKA_TOPIC_PREFIX; TopicNames). Default none. */
  topicPrefix?: string;
  /** The consumer group; one per service, shared by its replicas. */
  groupId: string;
  /** The consumer's session timeout (ms; default 30 000): how soon a crashed member's partitions move. */
  sessionTimeoutMs?: number;
  /** How long the consumer's handled offsets wait before it commits them (ms; default COMMIT_EVERY_MS, ADR 0030). */
  commitIntervalMs?: number;
  /** Events this service produces and consumes: their topics are created at boot when allowed. */
  events: EventContract<string, object>[];
  /** Mongo collections whose documents carry an embedded `outbox` array for the relay to drain. */
  outboxCollections: string[];
  createTopics: boolean;
  partitions: number;
  replicationFactor: number;
  /** How often the relay looks for unpublished events when nothing woke it (ms). */
  relayIntervalMs?: number;
  /** How often the relay scans its collections for events no running instance has marked (ms; default 60 000). */
  outboxScanIntervalMs?: number;
  /** Attempts per event before it goes to the dead-letter topic (1 = no retry). */
  maxAttempts?: number;
  /** First retry delay (ms); doubles each attempt, with jitter, capped at 30 s. */
  retryBaseMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
