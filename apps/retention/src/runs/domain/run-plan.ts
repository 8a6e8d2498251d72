import type { ProtocolMethod, RetentionAction } from '../../domain/protocol/protocol-entry.js';
import { parseDuration } from '../../domain/schedule/iso-duration.js';
import { cutoffFor } from '../../domain/schedule/retention-calendar.js';
import type { ActiveExclusions } from '../../holds/holds.query.js';
import { type ActiveRule, requiresArchive, type RuleAction, type RuleTrigger } from '../../rules/domain/rule.model.js';
import { newChunk, type Run, type RunOrigin } from './run.js';

/**
 * Which triggers each owning service can select on, how it destroys, and whether retention learns its
 * items as candidates (from the owner's events): the messages service knows when a conversation was
 * closed and when an official confirmed it inaktuell, crypto-shreds (data keys first, then the rows), and
 * announces its conversations; the rights service's access log knows when each read happened (an entry's
 * last, and only, activity), deletes the entries, and announces none of them, so retention cannot
 * forecast its rules or count a run's expected items: only the owner's answers count them.
 */
export const OWNERS: Readonly<Record<string, { triggers: readonly RuleTrigger[]; method: ProtocolMethod; candidates: boolean }>> = {
  messages: { triggers: ['conversation-closed', 'inaktualitet', 'last-activity'], method: 'crypto-shred', candidates: true },
  rights: { triggers: ['last-activity'], method: 'delete', candidates: false },
};

/** Whether retention knows the items of the service holding an information type (forecasts and expected counts need them). */
export const knowsCandidatesOf = (service: string | undefined): boolean => service !== undefined && OWNERS[service]?.candidates === true;

/** Why a rule cannot run now (a 422 for a run started by hand; a warning for a scheduled one). */
export interface RunRefusal {
  refused: 'keeps-forever' | 'no-owner' | 'trigger-unsupported';
  detail: string;
}

export interface RunPlanInput {
  runId: string;
  rule: ActiveRule;
  /** The service holding the rule's information type (RETENTION_INFORMATION_TYPES). */
  service: string | undefined;
  now: Date;
  exclusions: ActiveExclusions;
  /** Candidates due by retention's own records, when counted. */
  expected: number | null;
  origin: RunOrigin;
  executedBy: string;
  /** The starting official's name from her token, when it had one (shown, never in the protocol's entry). */
  executedByName?: string;
  limit: number;
}

const PROTOCOL_ACTION: Record<Exclude<RuleAction, 'keep'>, RetentionAction> = {
  delete: 'gallra',
  'archive-then-delete': 'overfor-och-gallra',
};

/** Whether a rule, as it stands, could run at all (the scheduler skips the others). */
export function refusalOf(rule: ActiveRule, service: string | undefined): RunRefusal | undefined {
  if (rule.action === 'keep' || rule.after === null) {
    return { refused: 'keeps-forever', detail: `Version ${rule.version} of the rule ${rule.ruleId} keeps the information forever.` };
  }
  const owner = service === undefined ? undefined : OWNERS[service];
  if (service === undefined || owner === undefined) {
    return { refused: 'no-owner', detail: `No service that can delete holds the information type ${rule.informationType}.` };
  }
  if (!owner.triggers.includes(rule.trigger)) {
    return {
      refused: 'trigger-unsupported',
      detail: `The ${service} service cannot select by the trigger ${rule.trigger}; it knows ${owner.triggers.join(', ')}.`,
    };
  }
  return undefined;
}

/**
 * A new run of the rule's active version at `now`: what it selects (everything whose trigger lies before
 * the cutoff, so nothing is due a day early), what it must leave alone, and its first chunk. A hold on the
 * whole unit or rule makes a run that requests nothing and is complete at once. Ask {@link refusalOf}
 * first: planning a rule that cannot run is a programming error.
 */
export function planRun(input: RunPlanInput): Run {
  const { rule, service, now, exclusions } = input;
  const refusal = refusalOf(rule, service);
  if (refusal) throw new Error(`planRun: ${refusal.detail}`);
  const after = rule.after as string;
  const wholeHold = exclusions.unitHeld ? 'unit' : exclusions.ruleHeld ? 'rule' : null;
  const run: Run = {
    runId: input.runId,
    rule: {
      id: rule.ruleId,
      version: rule.version,
      unit: rule.unit,
      informationType: rule.informationType,
      action: PROTOCOL_ACTION[rule.action as Exclude<RuleAction, 'keep'>],
      after,
    },
    decision: { ...rule.decision },
    selection: {
      service: service as string,
      unit: rule.unit,
      informationType: rule.informationType,
      trigger: rule.trigger,
      triggeredBefore: cutoffFor(now, parseDuration(after)).toISOString(),
      requireArchived: requiresArchive(rule),
    },
    exclusions: { subjectKeys: [...exclusions.subjectKeys], itemIds: [...exclusions.itemIds] },
    holdIds: [...exclusions.holdIds],
    wholeHold,
    method: OWNERS[service as string]!.method,
    limit: input.limit,
    origin: input.origin,
    executedBy: input.executedBy,
    ...(input.executedByName !== undefined ? { executedByName: input.executedByName } : {}),
    approvedBy: rule.activatedBy,
    ...(rule.activatedByName !== undefined ? { approvedByName: rule.activatedByName } : {}),
    expected: input.expected,
    status: 'running',
    startedAt: now,
    changedAt: now,
    chunks: wholeHold === null ? [newChunk(input.runId, 0, now)] : [],
    revision: 1,
  };
  return run;
}
