import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { ProtocolLedger } from '../../../protocol/protocol.ledger.js';
import { protocolDraftOf, type Run } from '../../domain/run.js';
import { RuleSchedulesRepository } from '../../persistence/rule-schedules.repository.js';
import { RunsRepository } from '../../persistence/runs.repository.js';
import { itemsDisposed, runsFinished } from '../../runs.metrics.js';

/**
 * Closes a complete run: appends its gallringsprotokoll entry, marks the run finished with the entry's
 * seq and counts, and lets the rule run again. Safe to repeat after a crash at any step: the ledger keeps
 * one entry per run and hands the existing one back.
 */
@Injectable()
export class FinishRun {
  private readonly logger = new Logger(FinishRun.name);

  constructor(
    private readonly ledger: ProtocolLedger,
    private readonly runs: RunsRepository,
    private readonly schedules: RuleSchedulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(run: Run): Promise<Run> {
    const entry = (await this.ledger.findByRunId(run.runId)) ?? (await this.ledger.append(protocolDraftOf(run, this.clock.now())));
    let current: Run | null = run;
    let finishedHere = false;
    while (current && current.status !== 'finished') {
      const finished = await this.runs.update(current, {
        status: 'finished',
        finishedAt: new Date(entry.finishedAt),
        protocolSeq: entry.seq,
        counts: { ...entry.counts },
      });
      if (finished) {
        current = finished;
        finishedHere = true;
        break;
      }
      current = await this.runs.find(run.runId); // changed meanwhile: read again
    }
    await this.schedules.releaseRun(run.rule.id, run.runId);
    const { candidates, held, blocked, deleted } = entry.counts;
    if (finishedHere) {
      runsFinished().inc({ outcome: run.wholeHold ? 'held' : run.stoppedEarly ? 'stopped' : 'completed' });
      itemsDisposed().inc({ disposition: 'deleted' }, deleted);
      itemsDisposed().inc({ disposition: 'held' }, held);
      itemsDisposed().inc({ disposition: 'blocked' }, blocked);
    }
    this.logger.log(
      `run ${run.runId} of ${run.rule.id} v${run.rule.version} finished: ${candidates} candidates, ${deleted} deleted, ${held} held, ${blocked} blocked (protocol #${entry.seq})`,
    );
    return current ?? run;
  }
}
