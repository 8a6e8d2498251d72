import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthContributions } from '@insyn/observability';
import { KafkaClient } from './kafka-client.js';
import { KafkaConsumerStatus } from './kafka-server.js';

const TIMEOUT_MS = 3_000;

/**
 * The `kafka` indicator of /health: the cluster described within 3 s (how many brokers answer), and
 * `down` once this instance's consumer has crashed for good (kafkajs gave up restarting it), since the
 * instance then handles no event although its HTTP side still answers.
 */
@Injectable()
export class KafkaHealth implements OnModuleInit {
  constructor(
    private readonly contributions: HealthContributions,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaClient,
    private readonly consumer: KafkaConsumerStatus,
  ) {}

  onModuleInit(): void {
    this.contributions.add(() =>
      this.indicators
        .check('kafka')
        .attempt(async () => {
          if (this.consumer.crashed) throw new Error('the consumer crashed and does not restart');
          const admin = await this.kafka.admin();
          const cluster = await admin.describeCluster();
          return { brokers: cluster.brokers.length };
        })
        .withTimeout(TIMEOUT_MS),
    );
  }
}
