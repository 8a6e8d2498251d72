import { Injectable, Logger } from '@nestjs/common';
import { type PurgeCompletedV1, PurgeRequestedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { CandidatesQuery } from '../../../candidates/candidates.query.js';
import { HoldsQuery } from '../../../holds/holds.query.js';
import { applyAnswer, deletedIdsProblem, purgeRequestOf, type Run, stopReasonNow, withHoldsNow } from '../../domain/run.js';
import { RUNS_COLLECTION } from '../../persistence/run.schema.js';
import { RunsRepository } from '../../persistence/runs.repository.js';
import { FinishRun } from '../finish-run/finish-run.usecase.js';

/** Concurrent answers to one run (several instances consume): read again and decide again this often. */
const MAX_TRIES = 10;

export type RecordAnswerResult = 'unknown-run' | 'ignored' | 'failed' | 'next' | 'finished';

/**
 * Records one chunk's answer: the next chunk's request goes out in the same write, with the holds active
 * now added to the exclusions, and the last answer finishes the run (as does a hold set meanwhile on the
 * whole unit or rule). Repeated answers (the owner answers a request it already handled) change nothing.
 * An answer whose listed ids contradict its count or digest is not recorded: the chunk keeps it as its last
 * error and is asked again. The deleted ids, when listed and matching their digest, leave retention's
 * candidates once the answer is recorded (a repeated answer forgets nothing again).
 */
@Injectable()
export class RecordAnswer {
  private readonly logger = new Logger(RecordAnswer.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly candidates: CandidatesQuery,
    private readonly holds: HoldsQuery,
    private readonly finish: FinishRun,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(answer: PurgeCompletedV1): Promise<RecordAnswerResult> {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const run = await this.runs.find(answer.runId);
      if (!run) return 'unknown-run'; // another retention installation's run, or one long gone
      const outcome = applyAnswer(run, answer, this.clock.now());
      switch (outcome.kind) {
        case 'ignored':
          this.logger.debug(`answer ${answer.requestId} ignored: ${outcome.reason}`);
          // A crash between recording the answer and forgetting its ids leaves the forgetting to the redelivery.
          if (outcome.repeat) await this.forgetDeleted(run, answer);
          return 'ignored';
        case 'failed':
          if (!(await this.runs.update(run, { chunks: outcome.chunks }))) continue;
          if (outcome.rejected) {
            this.logger.error(
              `run ${run.runId} chunk ${answer.chunk} from ${answer.service}: ${outcome.error}; not recorded, it will be asked again`,
            );
          } else {
            this.logger.warn(
              `run ${run.runId} chunk ${answer.chunk} failed at ${answer.service}: ${outcome.error}; it will be asked again`,
            );
          }
          return 'failed';
        case 'next': {
          // Holds set since the last request protect from this one on; a hold on the whole unit or rule stops the
          // run, and so do holds too many for one request to name.
          const holdsNow = await this.holds.activeExclusions(run.selection.unit, run.selection.informationType, run.rule.id);
          const held = withHoldsNow(run, holdsNow);
          const stop = stopReasonNow(holdsNow, held.exclusions);
          if (stop) {
            const stopped = await this.runs.update(run, { chunks: outcome.chunks.slice(0, -1), stoppedEarly: stop });
            if (!stopped) continue;
            this.logger.warn(`run ${run.runId} stopped: ${stop}`);
            await this.forgetDeleted(run, answer);
            await this.finish.execute(stopped);
            return 'finished';
          }
          const request = this.events.outboxEntry(PurgeRequestedV1Event, purgeRequestOf({ ...run, ...held }, outcome.next));
          const outbox = await this.runs.updateWithOutbox(run, { chunks: outcome.chunks, ...held }, [request]);
          if (!outbox) continue;
          await this.relay.enqueued(RUNS_COLLECTION, run.runId, outbox);
          // After the next request is on its way: forgetting thousands of candidates must not hold it up.
          await this.forgetDeleted(run, answer);
          return 'next';
        }
        case 'complete': {
          const updated = await this.runs.update(run, {
            chunks: outcome.chunks,
            ...(outcome.stoppedEarly ? { stoppedEarly: outcome.stoppedEarly } : {}),
          });
          if (!updated) continue;
          if (outcome.stoppedEarly) this.logger.error(`run ${run.runId} stopped: ${outcome.stoppedEarly}`);
          await this.forgetDeleted(run, answer);
          await this.finish.execute(updated);
          return 'finished';
        }
      }
    }
    throw new Error(
      `run ${answer.runId}: the answer to chunk ${answer.chunk} lost ${MAX_TRIES} races to record it; it will be redelivered`,
    );
  }

  private async forgetDeleted(run: Run, answer: PurgeCompletedV1): Promise<void> {
    if (!answer.deletedIds?.length) return;
    const problem = deletedIdsProblem(answer);
    // A repeat is trusted only as far as it says what the recorded answer said.
    const recorded = run.chunks.find((c) => c.requestId === answer.requestId)?.answer;
    if (problem !== undefined || (recorded !== undefined && recorded.deletedIdsSha256 !== answer.deletedIdsSha256)) {
      this.logger.warn(
        `run ${run.runId} chunk ${answer.chunk}: ${problem ?? 'the digest differs from the recorded answer'}; candidates kept`,
      );
      return;
    }
    await this.candidates.forget(answer.deletedIds);
  }
}
