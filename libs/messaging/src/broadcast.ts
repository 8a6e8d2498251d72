import { Inject, Injectable } from '@nestjs/common';
import type { ContractViolation } from '@insyn/contracts';
import { IdGenerator, withTimeout } from '@insyn/platform';
import type { Consumer } from 'kafkajs';
import { DeadLetters } from './dead-letter.js';
import { KafkaClient } from './kafka-client.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';

/** One message as a broadcast listener hears it: the value parsed (undefined when it is not JSON). */
export interface BroadcastMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  raw: string;
  event: unknown;
}

/** How long start waits for the group to be joined before it goes on (events then arrive a little later). */
const JOIN_WAIT_MS = 30_000;

/**
 * A per-instance listener: a consumer group of this instance's own, so every replica hears every event on
 * its topics (a broadcast), from the newest offset. It keeps in-memory read sides current; the service's
 * own consumer group (with @OnEvent's inbox and retries) stays the one that stores. Stopping it removes
 * the group, so the broker does not keep one per restart.
 */
export class BroadcastListener {
  private listening = false;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly deadLetters: DeadLetters,
    private readonly consumer: Consumer,
    readonly groupId: string,
    private readonly name: string,
  ) {
    consumer.on(consumer.events.GROUP_JOIN, () => (this.listening = true));
    consumer.on(consumer.events.CRASH, () => (this.listening = false));
    consumer.on(consumer.events.STOP, () => (this.listening = false));
  }

  /** Whether the listener runs (false before the group is joined, after a crash or a stop). */
  get isListening(): boolean {
    return this.listening;
  }

  async run(topics: string[], onMessage: (message: BroadcastMessage) => Promise<void> | void): Promise<void> {
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: topics.map((t) => this.kafka.topics.onBroker(t)), fromBeginning: false });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const raw = message.value?.toString() ?? '';
        let event: unknown;
        try {
          event = JSON.parse(raw);
        } catch {
          event = undefined;
        }
        await onMessage({
          topic: this.kafka.topics.inInsyn(topic),
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          raw,
          event,
        });
      },
    });
    await Promise.race([joined, new Promise((r) => setTimeout(r, JOIN_WAIT_MS).unref())]);
  }

  /** Dead-letters a message that breaks its contract, naming this listener as the consumer. */
  async deadLetter(message: BroadcastMessage, violations: ContractViolation[]): Promise<void> {
    const id = (message.event as { id?: unknown } | undefined)?.id;
    await this.deadLetters.send({
      consumer: this.name,
      originalTopic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      value: message.raw,
      ...(typeof id === 'string' ? { eventId: id } : {}),
      reason: 'contract-violation',
      error: 'invalid event',
      violations,
      attempts: 0,
    });
  }

  async stop(): Promise<void> {
    await withTimeout(this.consumer.disconnect(), 5_000, undefined);
    const admin = await withTimeout(this.kafka.admin(), 2_000, undefined);
    await withTimeout(admin?.deleteGroups([this.groupId]) ?? Promise.resolve([]), 3_000, []);
  }
}

/** Makes broadcast listeners, each with a group id of the service's group, its name and a unique suffix. */
@Injectable()
export class Broadcasts {
  constructor(
    private readonly kafka: KafkaClient,
    private readonly deadLetters: DeadLetters,
    private readonly ids: IdGenerator,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
  ) {}

  /** `name` says which read side listens (`read-model`, `consent-index`); dead letters name `consumer`. */
  listener(name: string, consumer: string): BroadcastListener {
    const groupId = `${this.messaging.groupId}-${name}-${this.ids.next()}`;
    return new BroadcastListener(
      this.kafka,
      this.deadLetters,
      this.kafka.kafka.consumer({ groupId, allowAutoTopicCreation: false }),
      groupId,
      consumer,
    );
  }
}
