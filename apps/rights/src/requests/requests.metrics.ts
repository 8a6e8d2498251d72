import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { sampledGauge } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { RequestsRepository } from './persistence/requests.repository.js';

const overdueRequests = sampledGauge({
  name: 'insyn_rights_requests_overdue',
  help: 'Open data-subject requests past their due date (art. 12.3: one month, or as extended)',
  labelNames: [],
});

/** What an operator alerts on: requests the municipality has not answered in time. Read at scrape time, at most every 15 s. */
@Injectable()
export class RequestsMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private remove?: () => void;

  constructor(
    private readonly requests: RequestsRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.remove = overdueRequests.add(async () => [{ labels: {}, value: await this.requests.countOverdue(this.clock.now()) }]);
  }

  onApplicationShutdown(): void {
    this.remove?.();
  }
}
