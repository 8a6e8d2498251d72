import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthContributions } from '@insyn/observability';
import type { Connection } from 'mongoose';

const TIMEOUT_MS = 3_000;

/**
 * The `mongodb` indicator of /health: the service's database answers a ping within 3 s (docs/style.md 9).
 * It lives here, beside the connection it checks, so that observability does not know MongoDB; messaging
 * contributes Kafka's the same way.
 */
@Injectable()
export class MongoHealth implements OnModuleInit {
  constructor(
    private readonly contributions: HealthContributions,
    private readonly indicators: HealthIndicatorService,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    this.contributions.add(() => this.check());
  }

  check() {
    return this.indicators
      .check('mongodb')
      .attempt(async () => {
        const db = this.connection.db;
        if (!db) throw new Error('not connected');
        await db.command({ ping: 1 });
      })
      .withTimeout(TIMEOUT_MS);
  }
}
