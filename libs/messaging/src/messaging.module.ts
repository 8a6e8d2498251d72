import { type DynamicModule, Global, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { Broadcasts } from './broadcast.js';
import { DeadLetters } from './dead-letter.js';
import { EventHandlingInterceptor } from './event-handling.interceptor.js';
import { Inbox } from './persistence/inbox.js';
import { KafkaClient } from './kafka-client.js';
import { KafkaHealth } from './kafka-health.js';
import { KafkaConsumerStatus } from './kafka-server.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { MessagingMetrics } from './messaging-metrics.js';
import { EventFactory } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxDocuments } from './persistence/outbox-documents.js';

@Injectable()
class TopicProvisioner implements OnModuleInit {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly kafka: KafkaClient,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.kafka.verifyConnection();
    if (!this.options.createTopics) return;
    await this.kafka.ensureTopics(
      [...this.options.events.map((e) => e.type), Topics.DeadLetterV1].map((t) => this.kafka.topics.onBroker(t)),
    );
  }
}

export interface MessagingModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
}

/** Kafka producing (through the outbox relay) and consuming (inbox, retries, dead letters). */
@Global()
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        KafkaClient,
        TopicProvisioner,
        EventFactory,
        OutboxRelay,
        OutboxDocuments,
        Inbox,
        DeadLetters,
        EventHandlingInterceptor,
        KafkaConsumerStatus,
        Broadcasts,
        KafkaHealth,
        MessagingMetrics,
      ],
      exports: [
        MESSAGING_OPTIONS,
        KafkaClient,
        KafkaConsumerStatus,
        EventFactory,
        OutboxRelay,
        Inbox,
        DeadLetters,
        EventHandlingInterceptor,
        Broadcasts,
      ],
    };
  }
}
