import { Injectable, Logger } from '@nestjs/common';
import { PurgeRequestedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { purgeRequestOf, type Run } from '../../domain/run.js';
import { RUNS_COLLECTION } from '../../persistence/run.schema.js';
import { RunsRepository } from '../../persistence/runs.repository.js';

export interface ReapplyResult {
  /** Finished runs started at or after `since` that deleted something. */
  runs: number;
  /** Purge requests sent again (one per chunk that deleted something). */
  chunks: number;
}

/**
 * After an owner's database was restored from a backup taken at `since`: asks the owner again, with the
 * same request ids, selections and exclusions, for every chunk of a finished run started since then that
 * deleted something. The restored owner does not know those request ids (its record of them was made
 * after the backup), so it selects and deletes again, keys included; what it deletes is what the run
 * deleted, since a selection is fixed (due before an instant, the run's exclusions) and an archive receipt
 * only ever gets added. The answers find the runs finished and change nothing: the gallringsprotokoll
 * keeps one entry per run. docs/operations/runbooks.md#backup-and-restore.
 */
@Injectable()
export class ReapplyPurges {
  private readonly logger = new Logger(ReapplyPurges.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(since: Date, by: string): Promise<ReapplyResult> {
    const result: ReapplyResult = { runs: 0, chunks: 0 };
    for (const runId of await this.runs.finishedRunIdsSince(since)) {
      const run = await this.runs.find(runId);
      const chunks = run ? deletingChunks(run) : [];
      if (!run || chunks.length === 0) continue;
      const outbox = await this.runs.pushOutbox(
        run.runId,
        chunks.map((c) => this.events.outboxEntry(PurgeRequestedV1Event, purgeRequestOf(run, c))),
      );
      await this.relay.enqueued(RUNS_COLLECTION, run.runId, outbox ?? undefined);
      result.runs++;
      result.chunks += chunks.length;
    }
    this.logger.warn(`gallring since ${since.toISOString()} applied again by ${by}: ${result.chunks} chunk(s) of ${result.runs} run(s)`);
    return result;
  }
}

function deletingChunks(run: Run) {
  return run.chunks.filter((c) => (c.answer?.deleted ?? 0) > 0);
}
