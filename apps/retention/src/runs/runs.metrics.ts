import { metric } from '@insyn/messaging';
import { Counter, Gauge } from 'prom-client';

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
