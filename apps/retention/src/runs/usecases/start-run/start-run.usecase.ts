import { Inject, Injectable, Logger } from '@nestjs/common';
import { PurgeRequestedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock, IdGenerator } from '@insyn/platform';
import { isCandidateTrigger } from '../../../candidates/candidate.js';
import { CandidatesQuery } from '../../../candidates/candidates.query.js';
import { HoldsQuery } from '../../../holds/holds.query.js';
import type { ActiveRule } from '../../../rules/domain/rule.model.js';
import type { RuleCatalog } from '../../../rules/domain/rule.validation.js';
import { RULE_CATALOG } from '../../../rules/rule-catalog.token.js';
import { planRun, refusalOf, type RunRefusal } from '../../domain/run-plan.js';
import { purgeRequestOf, type Run, type RunOrigin } from '../../domain/run.js';
import { RuleSchedulesRepository } from '../../persistence/rule-schedules.repository.js';
import { RUNS_COLLECTION } from '../../persistence/run.schema.js';
import { RunsRepository } from '../../persistence/runs.repository.js';
import { RunsConfig } from '../../runs.config.js';
import { runsStarted } from '../../runs.metrics.js';
import { FinishRun } from '../finish-run/finish-run.usecase.js';

export interface StartRunCommand {
  rule: ActiveRule;
  origin: RunOrigin;
  /** An official (`official:<hsa-id>`) for a run started by hand; the scheduler's service name otherwise. */
  executedBy: string;
  /** The schedule slot a scheduled run serves. */
  slot?: Date;
}

/** Another run of the rule is still open. */
export interface RunInProgress {
  inProgress: string;
}

export type StartRunResult = Run | RunRefusal | RunInProgress;

/**
 * Starts a run of a rule's active version: claims the rule (one open run per rule), reads the holds that
 * apply now, counts what is due by retention's own records, and stores the run with its first purge
 * request in one write; the outbox relay sends it. A hold on the whole unit or rule finishes the run at
 * once, deleting nothing and recording why in the protocol.
 */
@Injectable()
export class StartRun {
  private readonly logger = new Logger(StartRun.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly schedules: RuleSchedulesRepository,
    private readonly holds: HoldsQuery,
    private readonly candidates: CandidatesQuery,
    private readonly finish: FinishRun,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly config: RunsConfig,
    @Inject(RULE_CATALOG) private readonly catalog: RuleCatalog,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: StartRunCommand): Promise<StartRunResult> {
    const { rule } = command;
    const service = this.catalog.ownerOf(rule.informationType);
    const refusal = refusalOf(rule, service);
    if (refusal) return refusal;
    const runId = this.ids.next();
    const now = this.clock.now();
    if (!(await this.schedules.claimRun(rule.ruleId, runId, now, command.slot))) {
      const open = await this.schedules.find(rule.ruleId);
      return { inProgress: open?.openRunId ?? 'unknown' };
    }
    try {
      const exclusions = await this.holds.activeExclusions(rule.unit, rule.informationType, rule.ruleId);
      const planned = planRun({
        runId,
        rule,
        service,
        now,
        exclusions,
        expected: null,
        origin: command.origin,
        executedBy: command.executedBy,
        limit: this.config.chunkSize,
      });
      // A held run's protocol counts every expected candidate as held: count first. Any other run asks at
      // once and counts meanwhile (a count over millions must not hold up the first request).
      const run: Run = planned.wholeHold ? { ...planned, expected: await this.countExpected(planned) } : planned;
      const outbox = run.chunks.map((c) => this.events.outboxEntry(PurgeRequestedV1Event, purgeRequestOf(run, c)));
      await this.runs.insert(run, outbox);
      runsStarted().inc({ origin: command.origin });
      this.logger.log(
        `run ${runId} of ${rule.ruleId} v${rule.version} started (${command.origin}), selecting what was triggered before ${run.selection.triggeredBefore}` +
          (run.wholeHold ? `; the ${run.wholeHold} is held` : ''),
      );
      if (run.wholeHold) return await this.finish.execute(run);
      await this.relay.enqueued(RUNS_COLLECTION, runId);
      void this.countExpected(run)
        .then((expected) => this.runs.setExpected(runId, expected))
        .catch((err: Error) => this.logger.warn(`run ${runId}: could not count the expected candidates: ${err.message}`));
      return run;
    } catch (err) {
      // Nothing was stored (or the run is stored and finishing failed; the scheduler finishes it then).
      if (!(await this.runs.find(runId))) await this.schedules.releaseRun(rule.ruleId, runId);
      throw err;
    }
  }

  /** What is due by retention's own records: the progress's denominator (the owner's answers are the counts). */
  private countExpected(run: Run): Promise<number> {
    const trigger = run.selection.trigger;
    if (!isCandidateTrigger(trigger)) return Promise.resolve(0);
    return this.candidates.countDue(run.selection.unit, run.selection.informationType, trigger, new Date(run.selection.triggeredBefore));
  }
}
