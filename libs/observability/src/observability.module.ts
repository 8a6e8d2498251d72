import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthContributions } from './health-contributions.js';
import { HealthController } from './health.controller.js';
import { HttpContextMiddleware } from './http-context.middleware.js';
import { MetricsController } from './metrics.controller.js';

/**
 * Health, metrics and request context for an app; `HealthContributions` (and terminus's indicator helpers)
 * let a feature add its own indicator to /health. The problem filter is registered by the bootstrap.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [HealthContributions],
  exports: [HealthContributions, TerminusModule],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpContextMiddleware).forRoutes('*path');
  }
}
