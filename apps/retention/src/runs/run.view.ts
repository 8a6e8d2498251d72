import { progressOf, type Run } from './domain/run.js';

/**
 * A run as the API shows it: the rule and decision, what it selected, how far it has come, and its
 * protocol entry once finished. Holds appear as counts and hold ids, never as the held subject keys.
 */
export function runView(run: Run, detail: 'full' | 'summary' = 'full') {
  return {
    runId: run.runId,
    ruleId: run.rule.id,
    ruleVersion: run.rule.version,
    origin: run.origin,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    ...(run.finishedAt ? { finishedAt: run.finishedAt.toISOString() } : {}),
    // What `GET /v1/runs?since=` selects on: a syncing client passes the greatest it saw as its next `since`.
    changedAt: run.changedAt.toISOString(),
    executedBy: run.executedBy,
    ...(run.executedByName !== undefined ? { executedByName: run.executedByName } : {}),
    approvedBy: run.approvedBy,
    ...(run.approvedByName !== undefined ? { approvedByName: run.approvedByName } : {}),
    decision: run.decision,
    selection: run.selection,
    method: run.method,
    chunkSize: run.limit,
    holds: {
      holdIds: run.holdIds,
      wholeHold: run.wholeHold,
      // Lists leave the exclusion lists unread: only a single run's view counts them.
      ...(detail === 'full' ? { heldPersons: run.exclusions.subjectKeys.length, heldItems: run.exclusions.itemIds.length } : {}),
    },
    expected: run.expected,
    progress: progressOf(run),
    ...(run.counts ? { counts: run.counts } : {}),
    ...(run.protocolSeq !== undefined
      ? { protocolSeq: run.protocolSeq, protocolUrl: `/v1/protocol?fromSeq=${run.protocolSeq}&limit=1` }
      : {}),
    ...(run.stoppedEarly ? { stoppedEarly: run.stoppedEarly } : {}),
  };
}

/** A run's view as JSON (what the API sends). */
export type RunView = ReturnType<typeof runView>;
