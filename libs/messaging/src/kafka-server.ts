import { type INestApplication, Injectable, Logger } from '@nestjs/common';
import { ServerKafka } from '@nestjs/microservices';
import { context as otelContext, ROOT_CONTEXT } from '@opentelemetry/api';
import {
  type Consumer,
  type ConsumerSubscribeTopics,
  type EachBatchPayload,
  type EachMessagePayload,
  logLevel,
  Partitioners,
} from 'kafkajs';
import { headerText } from './event-handling.interceptor.js';
import { kafkaLogCreator } from './kafka-client.js';
import { kafkaClientConfig } from './kafka-connection.js';
import type { MessagingOptions } from './messaging.options.js';
import { EVENT_ID_HEADER } from './outbox.js';
import { Inbox } from './persistence/inbox.js';
import { TopicNames } from './topic-names.js';

/**
 * How long a consumer lets handled offsets wait before it commits them, unless KAFKA_COMMIT_INTERVAL_MS
 * says otherwise (ADR 0030): what a crash or a rebalance leaves uncommitted, at most this long of
 * events, is fetched again and skipped by the inbox.
 */
export const COMMIT_EVERY_MS = 1_000;

/** What the health check knows of this process's Kafka consumer. */
@Injectable()
export class KafkaConsumerStatus {
  joined = false;
  crashed = false;
  assignment: Record<string, number[]> = {};
}

/**
 * Subscribes `consumer`, waiting for topics the broker does not know yet. kafkajs' subscribe fails at
 * once on an unknown topic ("This server does not host this topic-partition"), and a service that
 * consumes a topic another service creates, or one created a moment ago whose metadata has not reached
 * every broker, would exit at start. It tries `attempts` times, `delayMs` × attempt apart (about 14 s
 * by default), then fails naming the topics. Any other error fails at once.
 */
export async function subscribeWhenKnown(
  consumer: Pick<Consumer, 'subscribe'>,
  subscription: ConsumerSubscribeTopics,
  { attempts = 8, delayMs = 500, onRetry }: { attempts?: number; delayMs?: number; onRetry?: (message: string) => void } = {},
): Promise<void> {
  const topics = subscription.topics.map(String).join(', ');
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.subscribe(subscription);
      return;
    } catch (err) {
      if ((err as { type?: unknown }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
      if (attempt >= attempts)
        throw new Error(`the Kafka broker does not know the topic(s) ${topics} after ${attempts} attempts: create them`, { cause: err });
      onRetry?.(`the Kafka broker does not know the topic(s) ${topics} yet (attempt ${attempt} of ${attempts}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}

/**
 * The most handled messages whose inbox outcomes wait to be written (and their offsets to be resolved)
 * within one batch: a batch of thousands is written in parts.
 */
const INBOX_WRITE_EVERY = 200;

/** What the consumer needs of the messaging options. */
type ConsumerOptions = Pick<MessagingOptions, 'service' | 'connection' | 'groupId' | 'sessionTimeoutMs' | 'commitIntervalMs'> &
  Partial<Pick<MessagingOptions, 'partitions' | 'topicPrefix'>>;

/**
 * Nest's Kafka server with what we need on top: it knows when the consumer has joined its group
 * (tests and health wait for that) and whether it crashed.
 */
export class InsynKafkaServer extends ServerKafka {
  private joinedResolve?: () => void;
  private joined = new Promise<void>((r) => (this.joinedResolve = r));
  private readonly topics: TopicNames;
  private readonly commitEveryMs: number;

  constructor(
    messaging: ConsumerOptions,
    readonly consumerStatus: KafkaConsumerStatus,
    /** Read ahead and written behind per batch (see `handleBatch`). */
    private readonly inbox: Inbox,
  ) {
    super({
      postfixId: '',
      client: {
        ...kafkaClientConfig(messaging.connection, `${messaging.service}-consumer`),
        logLevel: logLevel.WARN,
        logCreator: kafkaLogCreator(new Logger('KafkaConsumer')),
      },
      consumer: {
        groupId: messaging.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: messaging.sessionTimeoutMs ?? 30_000,
        // A third of the session at most, as Kafka advises, so two lost heartbeats do not end it.
        heartbeatInterval: Math.min(3_000, Math.floor((messaging.sessionTimeoutMs ?? 30_000) / 3)),
        retry: { retries: 10, initialRetryTime: 300 },
      },
      subscribe: { fromBeginning: true },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      // Up to as many partitions as a topic has (KAFKA_TOPIC_PARTITIONS) are handled side by side, each in
      // order, so each aggregate's events stay in order, as separate replicas would handle them: a slow
      // handler or inbox write no longer holds up the events of the other partitions.
      // Offsets are committed by the server, at most every commitIntervalMs (scheduleCommit), not by
      // kafkajs after every batch.
      run: { autoCommit: false, partitionsConsumedConcurrently: Math.max(1, messaging.partitions ?? 1) },
    });
    this.topics = new TopicNames(messaging.topicPrefix);
    this.commitEveryMs = messaging.commitIntervalMs ?? COMMIT_EVERY_MS;
  }

  /** Subscribes to the handlers' topics under the installation's names on the broker (KAFKA_TOPIC_PREFIX). */
  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((pattern) => this.topics.onBroker(pattern));
    if (topics.length > 0)
      await subscribeWhenKnown(consumer, { ...(this.options.subscribe ?? {}), topics }, { onRetry: (m) => this.logger.warn(m) });
    await consumer.run({ ...(this.options.run ?? {}), eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /**
   * One partition's fetched batch, message by message and in order, as kafkajs' `eachMessage` would, with
   * the inbox in batch mode: each consumer's outcomes for the whole batch in one read, and the `handled`
   * ones written together, every INBOX_WRITE_EVERY messages and at the end. A message's offset is resolved
   * (and so committed, see scheduleCommit) only once its outcome is written: a redelivery still finds
   * it. A failed write ends the batch with its error, as a failed handler does: kafkajs fetches again
   * what was not resolved.
   */
  private async handleBatch(each: EachBatchPayload): Promise<void> {
    const { batch } = each;
    const inbox = this.inbox.batch(batch.messages.flatMap((m) => headerText(m.headers?.[EVENT_ID_HEADER]) ?? []));
    let handled: string | undefined;
    const settle = async () => {
      await inbox.flush();
      if (handled !== undefined) each.resolveOffset(handled);
      handled = undefined;
    };
    try {
      for (const message of batch.messages) {
        if (!each.isRunning() || each.isStale()) break;
        const payload: EachMessagePayload = {
          topic: batch.topic,
          partition: batch.partition,
          message,
          heartbeat: () => each.heartbeat(),
          pause: () => each.pause(),
        };
        // Outside the kafkajs instrumentation's span for the batch (a trace of its own): the message's
        // process span continues the trace its headers carry (startProcessSpan), as one handled alone does.
        const handle = () => otelContext.with(ROOT_CONTEXT, () => this.handleMessage(payload));
        await inbox.run(handle);
        handled = message.offset;
        if (inbox.unwritten >= INBOX_WRITE_EVERY) await settle();
        await each.heartbeat();
      }
    } finally {
      await settle();
      this.lastBatch = each;
      // Stopping (the app closes): the offsets are committed now, before kafkajs leaves the group.
      if (each.isRunning()) this.scheduleCommit();
      else await this.commitNow();
    }
  }

  private commitTimer?: NodeJS.Timeout;
  /** The latest batch's payload: its commit functions reach the consumer group's current offsets. */
  private lastBatch?: EachBatchPayload;

  /**
   * Commits the resolved offsets commitIntervalMs after the first batch that resolved some since the last
   * commit, in the background. kafkajs' autoCommit would commit after every batch, and at a low rate a
   * batch is one event: a round trip to the group coordinator per event, awaited before the next fetch
   * (ADR 0030). What a crash leaves uncommitted is fetched again and found in the inbox.
   */
  private scheduleCommit(): void {
    this.commitTimer ??= setTimeout(() => void this.commitNow(), this.commitEveryMs);
  }

  /**
   * Commits every offset resolved and not yet committed, in the consumer group's current generation
   * (after a rebalance, only those of the partitions it kept). A failure is logged and tried again later.
   */
  private async commitNow(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const each = this.lastBatch;
    if (!each) return;
    try {
      await each.commitOffsetsIfNecessary(each.uncommittedOffsets());
    } catch (err) {
      this.logger.warn(`could not commit the consumer's offsets, will try again: ${(err as Error).message}`);
      if (each.isRunning()) this.scheduleCommit();
    }
  }

  /** Commits what was handled before kafkajs stops the consumer and leaves the group. */
  override async close(): Promise<void> {
    await this.commitNow();
    await super.close();
    // A batch that ended between that commit and kafkajs' stop left a timer; the group is left now.
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.lastBatch = undefined;
  }

  private startPositions?: ReadonlyMap<string, readonly { partition: number; offset: string }[]>;

  /** The consumer group this server joins. */
  get groupIdentity(): string {
    return this.groupId;
  }

  /**
   * Where a new consumer group starts instead of at the beginning of each topic: at its first join the
   * consumer seeks its assigned partitions there (kafkajs applies a seek before it fetches) and commits
   * them at its first fetch. Partitions not named start at the beginning. Tests use it to leave earlier
   * test files' events on a shared broker alone (@insyn/testing's startGroupAtHistoryMark).
   */
  startNewGroupAt(positions: ReadonlyMap<string, readonly { partition: number; offset: string }[]>): void {
    this.startPositions = positions;
  }

  /**
   * Nest parses each value (JSON when it starts with `{` or `[`) and keeps no copy of the bytes. A dead
   * letter must hold the value exactly as received, and writing a parsed value back as JSON can fail (a
   * value nested thousands of levels deep overflows JSON.stringify's stack), so the bytes ride along on
   * the message the handlers see, as `rawValue` (see the EventHandlingInterceptor).
   */
  override handleMessage(payload: EachMessagePayload): Promise<unknown> {
    Object.assign(payload.message, { rawValue: payload.message.value });
    // Handlers, the inbox and dead letters know the topic by its Insyn name (the event type).
    return super.handleMessage({ ...payload, topic: this.topics.inInsyn(payload.topic) }) as Promise<unknown>;
  }

  override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer;
    if (!consumer) return;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const positions = this.startPositions;
      this.startPositions = undefined;
      const seeks: { topic: string; partition: number; offset: string }[] = [];
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment))
        for (const p of positions?.get(topic) ?? [])
          if (partitions.includes(p.partition)) {
            consumer.seek({ topic, partition: p.partition, offset: p.offset });
            seeks.push({ topic, partition: p.partition, offset: p.offset });
          }
      // Without autoCommit, kafkajs only resolves a seek; committed at the first fetch (kafkajs commits only
      // once its runner runs, after this event), so that a rejoin before any event still starts there.
      if (seeks.length > 0) {
        const stop = consumer.on(consumer.events.FETCH_START, () => {
          stop();
          consumer.commitOffsets(seeks).catch((err: Error) => this.logger.warn(`could not commit the start positions: ${err.message}`));
        });
      }
      this.consumerStatus.assignment = e.payload.memberAssignment;
      this.consumerStatus.joined = true;
      this.consumerStatus.crashed = false;
      this.joinedResolve?.();
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.consumerStatus.crashed = !e.payload.restart;
      if (this.consumerStatus.crashed)
        new Logger('KafkaConsumer').error(`consumer crashed and will not restart: ${e.payload.error.message}`);
    });
  }

  /** Resolves once the consumer has joined its group and got its partitions. */
  whenJoined(timeoutMs = 60_000): Promise<void> {
    return Promise.race([
      this.joined,
      new Promise<void>((_, reject) =>
        setTimeout(() => reject(new Error('Kafka consumer did not join its group in time')), timeoutMs).unref(),
      ),
    ]);
  }
}

/** Connects the Kafka consumer with the app's global pipes, filters and interceptors (docs/style.md 6). */
export function connectKafkaConsumer(app: INestApplication, messaging: ConsumerOptions): InsynKafkaServer {
  const server = new InsynKafkaServer(messaging, app.get(KafkaConsumerStatus), app.get(Inbox));
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  return server;
}
