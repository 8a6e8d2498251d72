import { metric } from '@insyn/observability';
import { Counter } from 'prom-client';

/** Reads of access logs: a citizen's of her own, and an official's of a person's (each such read is itself logged). */
export const accessLogReads = metric(
  'insyn_rights_access_log_reads_total',
  () =>
    new Counter({
      name: 'insyn_rights_access_log_reads_total',
      help: 'Reads of access logs, by reader (citizen: her own; official: a person’s, by role)',
      labelNames: ['reader', 'role'],
    }),
);

/** Reported reads, by outcome (recorded, or a duplicate of one recorded already). */
export const accessEntriesRecorded = metric(
  'insyn_rights_access_entries_total',
  () =>
    new Counter({
      name: 'insyn_rights_access_entries_total',
      help: 'Reads reported by audit.accessed.v1, by outcome (recorded, duplicate)',
      labelNames: ['outcome'],
    }),
);

/** Entries deleted by gallring. */
export const accessEntriesPurged = metric(
  'insyn_rights_access_entries_purged_total',
  () => new Counter({ name: 'insyn_rights_access_entries_purged_total', help: 'Access-log entries deleted by gallring' }),
);
