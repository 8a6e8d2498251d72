import { metric } from '@insyn/observability';
import { Counter, Gauge } from 'prom-client';

/** What an operator alerts on: archive attempts that fail (by reason) and conversations left failing. */
export const archiveFailures = metric(
  'insyn_archive_failures_total',
  () =>
    new Counter({
      name: 'insyn_archive_failures_total',
      help: 'Failed archive attempts, by reason (an errno code, http-<status>, timeout, or a package/receipt code)',
      labelNames: ['reason'],
    }),
);
export const archivedConversations = metric(
  'insyn_archive_archived_total',
  () => new Counter({ name: 'insyn_archive_archived_total', help: 'Conversations archived (package delivered, receipt recorded)' }),
);
export const failingConversations = metric(
  'insyn_archive_failing_conversations',
  () =>
    new Gauge({
      name: 'insyn_archive_failing_conversations',
      help: 'Closed conversations whose archiving is failing (all instances), as this instance last counted them',
    }),
);
