import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, Kafka, logLevel, type LogEntry, Partitioners, type Producer } from 'kafkajs';
import { withTimeout } from '@insyn/platform';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';

/** kafkajs logs go through Nest's logger (and so through pino, with redaction). */
export function kafkaLogCreator(logger: Logger) {
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
      if (transient || /Limiting retries for the idempotent producer/.test(extra.message)) logger.debug?.(text);
      else if (level === logLevel.ERROR) logger.error(text);
      else if (level === logLevel.WARN) logger.warn(text);
    };
}

/** One kafkajs client per process for producing (relay, dead letters) and admin (topics, health). */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  private producerPromise?: Promise<Producer>;
  private adminPromise?: Promise<Admin>;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.kafka = new Kafka({
      clientId: `${options.service}-producer`,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
      retry: { retries: 8, initialRetryTime: 200 },
    });
  }

  producer(): Promise<Producer> {
    this.producerPromise ??= (async () => {
      // Idempotent, one request in flight: retries never duplicate or reorder one aggregate's events.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((err: unknown) => {
      this.producerPromise = undefined;
      throw err;
    });
    return this.producerPromise;
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

  /**
   * Creates the topics that do not exist yet. Several services starting at once on a new broker race to
   * create the same topics, and a new topic's leader may not be known yet: each failure is retried with
   * backoff (about half a minute in all) before the service gives up.
   */
  async ensureTopics(topics: string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const admin = await this.admin();
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: this.options.partitions,
            replicationFactor: this.options.replicationFactor,
          })),
        });
        this.logger.log(`created topics ${missing.join(', ')}`);
      } catch (err) {
        if (attempt >= 6) throw err;
        this.logger.warn(`creating topics failed (attempt ${attempt}), retrying: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1_000 * attempt));
      }
    }
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
