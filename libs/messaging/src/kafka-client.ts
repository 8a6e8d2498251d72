import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, Kafka, type KafkaConfig, logLevel, type LogEntry, Partitioners, type Producer } from 'kafkajs';
import { withTimeout } from '@insyn/platform';
import { explainKafkaFailure, kafkaClientConfig } from './kafka-connection.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { TopicNames } from './topic-names.js';

/** How long a kafkajs message, once logged, is only counted when it comes again. */
const KAFKA_LOG_REPEAT_WINDOW_MS = 30_000;

/**
 * kafkajs logs go through Nest's logger (and so through pino, with redaction). While a broker is down
 * kafkajs says the same thing on every retry, a few times a second per client: a message is logged once,
 * then only counted for KAFKA_LOG_REPEAT_WINDOW_MS, and the next one after that says how many it stands for.
 */
export function kafkaLogCreator(logger: Logger, now: () => number = Date.now) {
  const seen = new Map<string, { since: number; repeats: number }>();
  /** The text to log, with the count of the repeats it stands for; undefined while it is a repeat. */
  const once = (level: logLevel, text: string): string | undefined => {
    const key = `${level} ${text}`;
    const at = now();
    const last = seen.get(key);
    if (last && at - last.since < KAFKA_LOG_REPEAT_WINDOW_MS) {
      last.repeats++;
      return undefined;
    }
    if (seen.size >= 1_000) for (const [key, s] of seen) if (at - s.since >= KAFKA_LOG_REPEAT_WINDOW_MS) seen.delete(key);
    seen.set(key, { since: at, repeats: 0 });
    return last?.repeats ? `${text} (and ${last.repeats} more like it in the ${Math.round((at - last.since) / 1000)} s before)` : text;
  };
  return () =>
    ({ level, log }: LogEntry) => {
      const extra = log as { message: string; broker?: string; groupId?: string; error?: string };
      const text = `${extra.message} ${JSON.stringify({ broker: extra.broker, groupId: extra.groupId, error: extra.error })}`;
      // kafkajs reports a coordinator that is still loading as an error and then retries; and it warns
      // that bounded retries weaken its idempotence, which our outbox relay and inbox make up for
      // (ADR 0004). Neither is worth an operator's attention.
      // Two services creating the same topic at once: the loser's broker response says "Topic creation
      // errors" (it already exists); ensureTopics itself throws if a topic is really missing.
      const transient = /coordinator (is not available|is loading)|leadership election|not the leader|Topic creation errors/i.test(
        extra.error ?? '',
      );
      if (transient || /Limiting retries for the idempotent producer/.test(extra.message)) {
        logger.debug?.(text);
        return;
      }
      if (level !== logLevel.ERROR && level !== logLevel.WARN) return;
      const line = once(level, text);
      if (line === undefined) return;
      if (level === logLevel.ERROR) logger.error(line);
      else logger.warn(line);
    };
}

/** What the process sends events with (the outbox relay, the dead-letter writer): see {@link KafkaClient.producer}. */
export type EventProducer = Pick<Producer, 'send' | 'sendBatch'>;

/** The broker's answers that say an idempotent producer's sequence numbers no longer match its own. */
const SEQUENCE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** The kafkajs protocol error type of `err` or of one of its causes, when it is one of {@link SEQUENCE_ERRORS}. */
export function sequenceErrorOf(err: unknown): string | undefined {
  for (let e = err as { type?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string' && SEQUENCE_ERRORS.has(e.type)) return e.type;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** One kafkajs client per process for producing (relay, dead letters) and admin (topics, health). */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  private producerPromise?: Promise<Producer>;
  /** The connected producer that sends now; replaced after a failed send. */
  private current?: Producer;
  private adminPromise?: Promise<Admin>;
  private readonly sender: EventProducer = {
    send: (record) => this.sendWith((p) => p.send(record)),
    sendBatch: (batch) => this.sendWith((p) => p.sendBatch(batch)),
  };

  /** The installation's topic names on the broker (KAFKA_TOPIC_PREFIX). */
  readonly topics: TopicNames;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.kafka = new Kafka(this.config({ retry: { retries: 8, initialRetryTime: 200 } }));
    this.topics = new TopicNames(options.topicPrefix);
  }

  private config(extra: Partial<KafkaConfig>): KafkaConfig {
    return {
      ...kafkaClientConfig(this.options.connection, `${this.options.service}-producer`),
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
      ...extra,
    };
  }

  /**
   * Connects once, without retries, before the app goes on booting: credentials the broker refuses, a
   * certificate it does not trust or TLS on one side only stop the boot at once with the settings to
   * check, instead of a minute of retries and a consumer that never joins. A broker that cannot be
   * reached (down, restarting) is only a warning here: the clients retry, and /health says it.
   */
  async verifyConnection(): Promise<void> {
    const { connection } = this.options;
    const target = `${connection.brokers.join(',')} (${connection.description})`;
    const admin = new Kafka(this.config({ retry: { retries: 0 }, connectionTimeout: 5_000, logLevel: logLevel.NOTHING })).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      this.logger.log(`connected to Kafka at ${target}`);
    } catch (err) {
      const reason = explainKafkaFailure(err, connection);
      if (reason) throw new Error(`Kafka at ${target}: ${reason}`, { cause: err });
      this.logger.warn(`Kafka at ${target} cannot be reached yet (${(err as Error).message}); the clients keep trying`);
    } finally {
      await withTimeout(admin.disconnect(), 2_000, undefined).catch(() => undefined);
    }
  }

  /**
   * The process's producer, once connected. After a send that fails, the next send goes through a new
   * producer (a new producer id, its sequence numbers from zero): kafkajs takes back the sequence numbers
   * of every partition of a failed request, also of those the broker wrote (one partition refused a
   * message too large, or was not led yet while a broker restarted), and the broker then refuses each
   * later batch to those partitions as out of order, for as long as that producer lives. Seen in
   * tests/system/faults.e2e-spec.ts: after a 30 s broker outage the messages service's relay sent nothing
   * more until the process restarted. What the old producer wrote without confirming it is sent again, as
   * after any failed send; consumers skip the copy by its event id (ADR 0004).
   */
  async producer(): Promise<EventProducer> {
    await this.connectedProducer();
    return this.sender;
  }

  private connectedProducer(): Promise<Producer> {
    this.producerPromise ??= (async () => {
      // Idempotent, one request in flight: retries never duplicate or reorder one aggregate's events.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.current = producer;
      return producer;
    })().catch((err: unknown) => {
      this.producerPromise = undefined;
      throw err;
    });
    return this.producerPromise;
  }

  private async sendWith<T>(send: (producer: Producer) => Promise<T>): Promise<T> {
    const producer = await this.connectedProducer();
    try {
      return await send(producer);
    } catch (err) {
      this.replace(producer, err);
      throw err;
    }
  }

  /** Lets `producer` go, unless another failed send already did: the next send connects a new one. */
  private replace(producer: Producer, err: unknown): void {
    if (this.current !== producer) return;
    this.current = undefined;
    this.producerPromise = undefined;
    const sequence = sequenceErrorOf(err);
    if (sequence) this.logger.warn(`the broker refused the producer's sequence numbers (${sequence}); a new producer sends from here on`);
    void withTimeout(producer.disconnect(), 5_000, undefined);
  }

  admin(): Promise<Admin> {
    this.adminPromise ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((err: unknown) => {
      this.adminPromise = undefined;
      throw err;
    });
    return this.adminPromise;
  }

  /** Creates the topics that do not exist yet (createMissingTopics), with this service's partitions and replication. */
  async ensureTopics(topics: string[]): Promise<void> {
    const created = await createMissingTopics(await this.admin(), topics, {
      numPartitions: this.options.partitions,
      replicationFactor: this.options.replicationFactor,
      onRetry: (attempt, err) => this.logger.warn(`creating topics failed (attempt ${attempt}), retrying: ${err.message}`),
    });
    if (created.length > 0) this.logger.log(`created topics ${created.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const [producer, admin] = await Promise.allSettled([
      withTimeout(this.producerPromise ?? Promise.resolve(undefined), 1_000, undefined),
      withTimeout(this.adminPromise ?? Promise.resolve(undefined), 1_000, undefined),
    ]);
    // A broker that is gone never lets a disconnect finish: shutdown must not wait for it.
    if (producer.status === 'fulfilled' && producer.value) await withTimeout(producer.value.disconnect(), 5_000, undefined);
    if (admin.status === 'fulfilled' && admin.value) await withTimeout(admin.value.disconnect(), 5_000, undefined);
  }
}

/**
 * Creates those of `topics` that do not exist yet and returns them. Several processes starting at once
 * (services on a new broker, test files side by side) race to create the same topics, and the loser's wait
 * for leaders can ask a broker that does not know the winner's topic yet ("This server does not host this
 * topic-partition"), which kafkajs does not retry: each failure is retried with backoff, about 15 s in
 * all, before the error is thrown.
 */
export async function createMissingTopics(
  admin: Admin,
  topics: string[],
  options: { numPartitions?: number; replicationFactor?: number; onRetry?: (attempt: number, err: Error) => void },
): Promise<string[]> {
  const created: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((t) => !existing.has(t));
      if (missing.length === 0 && created.length === 0) return [];
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: options.numPartitions, replicationFactor: options.replicationFactor })),
        });
        created.push(...missing);
      }
      // Not done until the broker answers for them: a consumer subscribing a moment too early fails the
      // same way ("This server does not host this topic-partition").
      await admin.fetchTopicMetadata({ topics: created });
      return created;
    } catch (err) {
      if (attempt >= 6) throw err;
      options.onRetry?.(attempt, err as Error);
      await new Promise((r) => setTimeout(r, 1_000 * attempt));
    }
  }
}
