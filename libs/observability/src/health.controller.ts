import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectConnection } from '@nestjs/mongoose';
import { Public } from '@insyn/auth';
import { KafkaClient, KafkaConsumerStatus } from '@insyn/messaging';
import type { Connection } from 'mongoose';

const TIMEOUT_MS = 3_000;

/** `GET /health`: MongoDB ping and Kafka cluster describe, each with a timeout (STYLE.md 9). */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectConnection() private readonly connection: Connection,
    private readonly kafka: KafkaClient,
    private readonly consumer: KafkaConsumerStatus,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and dependencies: MongoDB and Kafka' })
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('mongodb')
          .attempt(async () => {
            const db = this.connection.db;
            if (!db) throw new Error('not connected');
            await db.command({ ping: 1 });
          })
          .withTimeout(TIMEOUT_MS),
      () =>
        this.indicators
          .check('kafka')
          .attempt(async () => {
            if (this.consumer.crashed) throw new Error('the consumer crashed and does not restart');
            const admin = await this.kafka.admin();
            const cluster = await admin.describeCluster();
            return { brokers: cluster.brokers.length };
          })
          .withTimeout(TIMEOUT_MS),
    ]);
  }
}
