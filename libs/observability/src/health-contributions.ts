import { Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';

/**
 * The indicators of `GET /health`, each added by the module that knows its dependency: MongoDB's by the
 * service kit, Kafka's by messaging, the app's own beside them (the messages service adds its archive
 * destination). An indicator that answers `down` makes /health 503; one that answers `degraded` keeps it
 * 200 with the overall status `degraded`: use that for what the app works without.
 */
@Injectable()
export class HealthContributions {
  private readonly indicators: HealthIndicatorFunction[] = [];

  add(indicator: HealthIndicatorFunction): void {
    this.indicators.push(indicator);
  }

  all(): readonly HealthIndicatorFunction[] {
    return this.indicators;
  }
}
