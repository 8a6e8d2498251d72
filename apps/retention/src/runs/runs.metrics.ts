import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { metric, sampledGauge } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { Counter, Gauge } from 'prom-client';
import { RunsRepository } from './persistence/runs.repository.js';

/** What an operator alerts on: runs that do not finish, chunks asked again, and how much gallring did. */
export const runsStarted = metric(
  'insyn_retention_runs_started_total',
  () => new Counter({ name: 'insyn_retention_runs_started_total', help: 'Gallring runs started', labelNames: ['origin'] }),
);
export const runsFinished = metric(
  'insyn_retention_runs_finished_total',
  () =>
    new Counter({
      name: 'insyn_retention_runs_finished_total',
      help: 'Gallring runs finished, by outcome (completed, held: a whole-unit or rule hold, stopped: stopped early)',
      labelNames: ['outcome'],
    }),
);
export const itemsDisposed = metric(
  'insyn_retention_items_total',
  () =>
    new Counter({
      name: 'insyn_retention_items_total',
      help: 'Items in finished runs, by disposition (deleted, held, blocked)',
      labelNames: ['disposition'],
    }),
);
export const chunksRetried = metric(
  'insyn_retention_chunks_retried_total',
  () => new Counter({ name: 'insyn_retention_chunks_retried_total', help: 'Purge chunks asked again after no answer or an error' }),
);
export const openRuns = metric(
  'insyn_retention_open_runs',
  () => new Gauge({ name: 'insyn_retention_open_runs', help: 'Runs not finished, as this instance saw at its last scheduler tick' }),
);

const oldestOpenRun = sampledGauge({
  name: 'insyn_retention_oldest_open_run_age_seconds',
  help: 'How long the oldest unfinished gallring run has been running (0 when none is): a stuck run keeps growing',
  labelNames: [],
});

/** Reads the oldest open run when Prometheus scrapes (at most every 15 s), on every instance. */
@Injectable()
export class RunsMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private remove?: () => void;

  constructor(
    private readonly runs: RunsRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.remove = oldestOpenRun.add(async () => {
      const startedAt = await this.runs.oldestOpenStartedAt();
      const age = startedAt ? Math.max(0, (this.clock.now().getTime() - startedAt.getTime()) / 1000) : 0;
      return [{ labels: {}, value: age }];
    });
  }

  onApplicationShutdown(): void {
    this.remove?.();
  }
}
