import { Controller, Get, type OnApplicationBootstrap, type OnApplicationShutdown, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '@insyn/auth';
import type { Response } from 'express';
import { HealthContributions } from './health-contributions.js';
import { type Sample, sampledGauge } from './metrics.js';

/** 1 up, 0.5 degraded, 0 down: the readiness alert fires on 0, the archive alert has its own metric. */
const healthStatus = sampledGauge({
  name: 'insyn_health_indicator_status',
  help: 'Each /health indicator as checked at scrape time (at most every 15 s): 1 up, 0.5 degraded, 0 down',
  labelNames: ['indicator'],
});

/** The indicators of a health result (terminus puts them in `details`, down ones included) as samples. */
export function healthSamples(result: Pick<HealthCheckResult, 'details'>): Sample[] {
  return Object.entries(result.details).map(([indicator, { status }]) => ({
    labels: { indicator },
    value: status === 'up' ? 1 : status === 'degraded' ? 0.5 : 0,
  }));
}

/**
 * `GET /health`: the indicators the app contributes (HealthContributions), each with its timeout
 * (docs/style.md 9): MongoDB's from the service kit, which holds the connection, Kafka's from the
 * messaging module, the app's own. 503 when one is down; 200 with status `degraded` when one is degraded
 * (e.g. the messages archive destination), 200 `ok` otherwise.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController implements OnApplicationBootstrap, OnApplicationShutdown {
  private removeSampler?: () => void;

  constructor(
    private readonly health: HealthCheckService,
    private readonly contributions: HealthContributions,
  ) {}

  onApplicationBootstrap(): void {
    this.removeSampler = healthStatus.add(async () => {
      try {
        return healthSamples(await this.run());
      } catch (err) {
        if (err instanceof ServiceUnavailableException) return healthSamples(err.getResponse() as HealthCheckResult);
        throw err;
      }
    });
  }

  onApplicationShutdown(): void {
    this.removeSampler?.();
  }

  /**
   * terminus throws a ServiceUnavailableException carrying the result when an indicator is down; the
   * global problem filter would make that a 500 without the indicators, so the route answers it itself:
   * 503 with the same body as a 200 (`status`, `info`, `error`, `details`).
   */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and dependencies: MongoDB and Kafka' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.run();
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse() as HealthCheckResult;
    }
  }

  /** The indicators; throws terminus's ServiceUnavailableException when one is down. */
  run(): Promise<HealthCheckResult> {
    return this.health.check([...this.contributions.all()]);
  }
}
