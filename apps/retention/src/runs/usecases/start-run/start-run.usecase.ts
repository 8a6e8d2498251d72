import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { PurgeRequestedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { isCandidateTrigger } from '../../../candidates/candidate.js';
import { CandidatesQuery } from '../../../candidates/candidates.query.js';
import { HoldsQuery } from '../../../holds/holds.query.js';
import type { ActiveRule } from '../../../rules/domain/rule.model.js';
import type { RuleCatalog } from '../../../rules/domain/rule.validation.js';
import { RULE_CATALOG } from '../../../rules/rule-catalog.token.js';
import { RulesQuery } from '../../../rules/rules.query.js';
import { knowsCandidatesOf, planRun, refusalOf, type RunRefusal } from '../../domain/run-plan.js';
import { exclusionsTooLarge, MAX_EXCLUSIONS_BYTES, purgeRequestOf, type Run, type RunOrigin } from '../../domain/run.js';
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
  /** The starting official's name from her token, when it had one. */
  executedByName?: string;
  /** The schedule slot a scheduled run serves. */
  slot?: Date;
}

/** Another run of the rule is still open. */
export interface RunInProgress {
  inProgress: string;
}

export type StartRunResult = Run | RunRefusal | RunInProgress;

/**
 * The version to start is no longer the rule's active one: a newer version was activated after the caller
 * read it (the scheduler reads the rules once per pass). Running it would apply a superseded decision, so
 * nothing is asked and the rule is let go. Thrown rather than returned so every caller stops: a run started
 * by hand answers 409 with this problem (starting again runs the active version); the scheduler logs it
 * for the rule, the slot counts as served (the claim recorded it), and the active version runs from its
 * next slot.
 */
export class RuleVersionSuperseded extends ProblemException {
  constructor(ruleId: string, version: number, active: number | null) {
    const detail =
      `Version ${version} of the rule ${ruleId} ` +
      (active === null ? 'is no longer active' : `was superseded by version ${active}`) +
      ' while the run was being started; nothing was asked.';
    super(HttpStatus.CONFLICT, 'rule-version-superseded', 'The rule changed while the run was being started', detail, undefined, {
      ruleVersion: version,
      activeVersion: active,
    });
    this.message = detail;
  }
}

/**
 * The holds that apply name more persons and conversations than one purge request can carry (Kafka's
 * message size): a run could not protect them all, so it is not started. 422 for a run started by hand;
 * the scheduler logs it for the rule and tries again at the next slot.
 */
export class TooManyHolds extends ProblemException {
  constructor(ruleId: string, persons: number, conversations: number) {
    const detail =
      `The holds on ${persons} person(s) and ${conversations} conversation(s) that apply to the rule ${ruleId} take more than ` +
      `${MAX_EXCLUSIONS_BYTES} bytes, more than one purge request can name; nothing was asked. Release holds that no longer apply, ` +
      'or place one hold on the rule or unit instead.';
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'too-many-holds', 'Too many holds for one purge request', detail, undefined, {
      heldPersons: persons,
      heldConversations: conversations,
    });
    this.message = detail;
  }
}

/**
 * Starts a run of a rule's active version: claims the rule (one open run per rule), checks that the version
 * is still the active one (else {@link RuleVersionSuperseded}), reads the holds that apply now, counts what
 * is due by retention's own records, and stores the run with its first purge request in one write; the
 * outbox relay sends it. A hold on the whole unit or rule finishes the run at once, deleting nothing and
 * recording why in the protocol.
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
    private readonly rules: RulesQuery,
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
      // Read again after the claim: a version activated since the caller read the rule stops this start; one
      // activated from here on meets a run under way, which finishes under its own version like any other.
      const active = await this.rules.activeVersion(rule.ruleId);
      if (active?.version !== rule.version) {
        this.logger.warn(
          `rule ${rule.ruleId}: v${rule.version} is no longer active (active: ${active ? `v${active.version}` : 'none'}); run not started`,
        );
        throw new RuleVersionSuperseded(rule.ruleId, rule.version, active?.version ?? null);
      }
      const exclusions = await this.holds.activeExclusions(rule.unit, rule.informationType, rule.ruleId);
      if (
        !exclusions.unitHeld &&
        !exclusions.ruleHeld &&
        exclusionsTooLarge({ subjectKeys: exclusions.subjectKeys, itemIds: exclusions.itemIds })
      ) {
        this.logger.error(
          `rule ${rule.ruleId}: ${exclusions.subjectKeys.length} held persons are too many for one request; run not started`,
        );
        throw new TooManyHolds(rule.ruleId, exclusions.subjectKeys.length, exclusions.itemIds.length);
      }
      const planned = planRun({
        runId,
        rule,
        service,
        now,
        exclusions,
        expected: null,
        origin: command.origin,
        executedBy: command.executedBy,
        ...(command.executedByName !== undefined ? { executedByName: command.executedByName } : {}),
        limit: this.config.chunkSize,
      });
      // A held run's protocol counts every expected candidate as held: count first. Any other run asks at
      // once and counts meanwhile (a count over millions must not hold up the first request).
      const run: Run = planned.wholeHold ? { ...planned, expected: await this.countExpected(planned) } : planned;
      const outbox = run.chunks.map((c) => this.events.outboxEntry(PurgeRequestedV1Event, purgeRequestOf(run, c)));
      const written = await this.runs.insert(run, outbox);
      runsStarted().inc({ origin: command.origin });
      this.logger.log(
        `run ${runId} of ${rule.ruleId} v${rule.version} started (${command.origin}), selecting what was triggered before ${run.selection.triggeredBefore}` +
          (run.wholeHold ? `; the ${run.wholeHold} is held` : ''),
      );
      if (run.wholeHold) return await this.finish.execute(run);
      await this.relay.enqueued(RUNS_COLLECTION, runId, written);
      void this.countExpected(run)
        .then((expected) => (expected === null ? undefined : this.runs.setExpected(runId, expected)))
        .catch((err: Error) => this.logger.warn(`run ${runId}: could not count the expected candidates: ${err.message}`));
      return run;
    } catch (err) {
      // Nothing was stored (or the run is stored and finishing failed; the scheduler finishes it then).
      if (!(await this.runs.find(runId))) await this.schedules.releaseRun(rule.ruleId, runId);
      throw err;
    }
  }

  /**
   * What is due by retention's own records: the progress's denominator (the owner's answers are the counts).
   * Null (uncounted) for an owner whose items retention never hears of, such as the rights service's access log.
   */
  private countExpected(run: Run): Promise<number | null> {
    const trigger = run.selection.trigger;
    if (!knowsCandidatesOf(run.selection.service)) return Promise.resolve(null);
    if (!isCandidateTrigger(trigger)) return Promise.resolve(0);
    return this.candidates.countDue(run.selection.unit, run.selection.informationType, trigger, new Date(run.selection.triggeredBefore));
  }
}
