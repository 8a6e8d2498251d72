import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PurgeRequestedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { nextRun, parseCron } from '../domain/schedule/cron.js';
import type { ActiveRule } from '../rules/domain/rule.model.js';
import { RulesQuery } from '../rules/rules.query.js';
import { HoldsQuery } from '../holds/holds.query.js';
import { exclusionsTooLarge, isComplete, overdueChunks, purgeRequestOf, type Run, withHoldsNow } from './domain/run.js';
import { RuleSchedulesRepository } from './persistence/rule-schedules.repository.js';
import { RUNS_COLLECTION, type RuleScheduleRecord } from './persistence/run.schema.js';
import { RunsRepository } from './persistence/runs.repository.js';
import { RunsConfig } from './runs.config.js';
import { chunksRetried, openRuns } from './runs.metrics.js';
import { FinishRun } from './usecases/finish-run/finish-run.usecase.js';
import { StartRun } from './usecases/start-run/start-run.usecase.js';

/** Who runs scheduled runs, in the gallringsprotokoll's `executedBy`. */
export const SCHEDULER_ACTOR = 'service:retention-scheduler';
/** A claimed run whose document never got stored (a crash between the two writes) is let go after this. */
const ORPHAN_CLAIM_MS = 60_000;
/** Missed slots are not made up one by one: one run serves them all. Bounds the search for the latest. */
const MAX_SLOTS_SCANNED = 10_000;

export interface TickReport {
  /** Rules whose lease this instance held during the tick. */
  leased: string[];
  started: { ruleId: string; runId: string }[];
  /** Chunks asked again, as `<runId>:<chunk>`. */
  retried: string[];
  finished: string[];
}

/**
 * The scheduler, on every instance: each tick it takes (or renews) the lease of each rule with a
 * schedule. The holder starts the rule's run when a slot of its cron (Swedish time) has come, asks again
 * for chunks whose answer is overdue, and finishes a complete run whose finishing was interrupted. Any
 * instance records answers (they come over Kafka); only the holder supervises. When the holder stops,
 * its lease runs out and another instance carries on at its next tick.
 */
@Injectable()
export class RunScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunScheduler.name);
  private first?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private readonly held = new Set<string>();

  constructor(
    private readonly rules: RulesQuery,
    private readonly schedules: RuleSchedulesRepository,
    private readonly runs: RunsRepository,
    private readonly holds: HoldsQuery,
    private readonly start: StartRun,
    private readonly finish: FinishRun,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly config: RunsConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerOn) return;
    // Soon after boot (a restarted instance picks up what it left), then on every tick.
    this.first = setTimeout(() => void this.tickSafely(), Math.min(this.config.tickMs, 5_000));
    this.first.unref();
    this.timer = setInterval(() => void this.tickSafely(), this.config.tickMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    for (const ruleId of this.held) await this.schedules.release(ruleId, this.config.instanceId).catch(() => undefined);
  }

  private async tickSafely(): Promise<void> {
    if (this.running) return;
    try {
      await this.tick();
    } catch (err) {
      this.logger.error(`scheduler tick failed: ${(err as Error).message}`);
    }
  }

  /** One pass over the rules (the timer calls it; tests call it with a manual clock). */
  async tick(): Promise<TickReport> {
    const pass = this.pass();
    this.running = pass;
    try {
      return await pass;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(): Promise<TickReport> {
    const report: TickReport = { leased: [], started: [], retried: [], finished: [] };
    openRuns().set(await this.runs.countOpen());
    for (const rule of await this.rules.activeRules()) {
      if (this.stopped) break;
      const lease = await this.schedules.acquire(rule.ruleId, this.config.instanceId, this.clock.now(), this.config.leaseMs);
      if (!lease) {
        this.held.delete(rule.ruleId);
        continue;
      }
      this.held.add(rule.ruleId);
      report.leased.push(rule.ruleId);
      try {
        // Every rule takes the lease: runs started by hand are supervised the same way, and a run of an
        // older version is seen through even when the active version keeps forever or has no schedule.
        if (lease.openRunId) await this.supervise(lease, report);
        else if (rule.schedule !== null && rule.action !== 'keep') await this.startIfDue(rule, lease, report);
      } catch (err) {
        this.logger.error(`rule ${rule.ruleId}: ${(err as Error).message}`);
      }
    }
    return report;
  }

  private async startIfDue(rule: ActiveRule, lease: RuleScheduleRecord, report: TickReport): Promise<void> {
    const slot = latestSlot(rule.schedule as string, lease.lastSlotAt ?? rule.activatedAt, this.clock.now());
    if (!slot) return;
    const result = await this.start.execute({ rule, origin: 'schedule', executedBy: SCHEDULER_ACTOR, slot });
    if ('refused' in result) {
      this.logger.warn(`rule ${rule.ruleId} cannot run: ${result.detail}`);
      await this.schedules.skipSlot(rule.ruleId, this.config.instanceId, slot);
    } else if ('runId' in result) {
      report.started.push({ ruleId: rule.ruleId, runId: result.runId });
      if (result.status === 'finished') report.finished.push(result.runId);
    }
  }

  private async supervise(lease: RuleScheduleRecord, report: TickReport): Promise<void> {
    const runId = lease.openRunId as string;
    const now = this.clock.now();
    const run = await this.runs.find(runId);
    if (!run) {
      if (lease.openedAt && lease.openedAt.getTime() + ORPHAN_CLAIM_MS <= now.getTime()) await this.schedules.releaseRun(lease._id, runId);
      return;
    }
    if (run.status === 'finished') {
      await this.schedules.releaseRun(lease._id, runId);
      return;
    }
    if (isComplete(run)) {
      await this.finish.execute(run);
      report.finished.push(runId);
      return;
    }
    await this.askAgain(run, now, report);
  }

  /** Sends the overdue chunks' requests again, with the same request ids, in one conditional write. */
  private async askAgain(run: Run, now: Date, report: TickReport): Promise<void> {
    const overdue = new Set(overdueChunks(run, now, this.config.chunkTimeoutMs).map((c) => c.chunk));
    if (overdue.size === 0) return;
    const chunks = run.chunks.map((c) => (overdue.has(c.chunk) ? { ...c, attempts: c.attempts + 1, requestedAt: now } : c));
    // Holds set meanwhile protect in the repeated request too (if the owner never got the first one). A hold
    // on the whole unit or rule does not withdraw a chunk already asked for: it stops the run at the next.
    // So do holds too many for one request: the repeat names those first sent, and the answer stops the run.
    const holdsNow = withHoldsNow(run, await this.holds.activeExclusions(run.selection.unit, run.selection.informationType, run.rule.id));
    const held = exclusionsTooLarge(holdsNow.exclusions) ? { exclusions: run.exclusions, holdIds: run.holdIds } : holdsNow;
    const asked = { ...run, chunks, ...held };
    const outbox = chunks
      .filter((c) => overdue.has(c.chunk))
      .map((c) => this.events.outboxEntry(PurgeRequestedV1Event, purgeRequestOf(asked, c)));
    const written = await this.runs.updateWithOutbox(run, { chunks, ...held }, outbox);
    if (!written) return; // an answer came meanwhile: next tick decides
    await this.relay.enqueued(RUNS_COLLECTION, run.runId, written);
    chunksRetried().inc(overdue.size);
    for (const c of chunks.filter((x) => overdue.has(x.chunk))) {
      report.retried.push(`${run.runId}:${c.chunk}`);
      this.logger.warn(`run ${run.runId}: no answer to chunk ${c.chunk}; asked again (attempt ${c.attempts})`);
    }
  }
}

/**
 * The latest slot of `cron` in `(after, now]`, or undefined when none has come. Missed slots (the service
 * was down, or time jumped) collapse into one run: the selection is "everything due now" anyway.
 */
export function latestSlot(cron: string, after: Date, now: Date): Date | undefined {
  const schedule = parseCron(cron);
  let slot = nextRun(schedule, after);
  if (slot.getTime() > now.getTime()) return undefined;
  for (let i = 0; i < MAX_SLOTS_SCANNED; i++) {
    const next = nextRun(schedule, slot);
    if (next.getTime() > now.getTime()) return slot;
    slot = next;
  }
  return now;
}
