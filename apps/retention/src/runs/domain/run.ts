import { deletedIdsSha256, type PurgeCompletedV1, type PurgeRequestedV1, type PurgeTrigger } from '@insyn/contracts';
import type {
  ProtocolCounts,
  ProtocolDecision,
  ProtocolEntryDraft,
  ProtocolMethod,
  ProtocolRule,
  ProtocolSelection,
} from '../../domain/protocol/protocol-entry.js';
import type { ActiveExclusions } from '../../holds/holds.query.js';

/**
 * A gallring run: one execution of one version of a rule. The run asks the owning service to delete in
 * chunks, one at a time (each chunk selects afresh what is still due, so chunks never overlap), records
 * every answer, asks again when an answer does not come, and finishes only when the last chunk says
 * nothing remains. Then it leaves one entry in the gallringsprotokoll.
 *
 * Pure: the functions here decide, the use cases store and send.
 */

export type RunStatus = 'running' | 'finished';
/** What started the run: the rule's schedule, or an official. */
export type RunOrigin = 'schedule' | 'manual';
/** Why a whole run deleted nothing on purpose: a hold on the unit or on the rule (gallringsstopp). */
export type WholeHold = 'unit' | 'rule';

/** The owning service's answer to one chunk, as the run keeps it. */
export interface ChunkAnswer {
  deleted: number;
  skippedHeld: number;
  blockedUnarchived: number;
  remaining: boolean;
  deletedIdsSha256: string;
  method: ProtocolMethod;
  completedAt: Date;
  answeredAt: Date;
}

export interface RunChunk {
  chunk: number;
  /** `<runId>-c<chunk>`: asking again uses the same id, so the owner deletes nothing twice. */
  requestId: string;
  /** When it was last asked. */
  requestedAt: Date;
  attempts: number;
  answer?: ChunkAnswer;
  /** The owner's last error for this chunk; it is asked again like an unanswered one. */
  lastError?: string;
}

export interface RunExclusions {
  subjectKeys: string[];
  itemIds: string[];
}

export interface Run {
  runId: string;
  rule: ProtocolRule;
  decision: ProtocolDecision;
  selection: ProtocolSelection & { unit: string; informationType: string };
  exclusions: RunExclusions;
  /** The active holds that applied when the run started. */
  holdIds: string[];
  wholeHold: WholeHold | null;
  /** What the run asks for; the protocol records what the owner answers it did. */
  method: ProtocolMethod;
  limit: number;
  origin: RunOrigin;
  executedBy: string;
  approvedBy: string;
  /**
   * The names of who started it and who approved its rule version, from their tokens when they had one:
   * what the pages show beside the HSA-ids. Not in the gallringsprotokoll's entry, whose fields are fixed.
   */
  executedByName?: string;
  approvedByName?: string;
  /** Candidates due by retention's own records when the run started: the progress's denominator; null until counted. */
  expected: number | null;
  status: RunStatus;
  startedAt: Date;
  finishedAt?: Date;
  /** The run's entry in the gallringsprotokoll, once finished. */
  protocolSeq?: number;
  counts?: ProtocolCounts;
  /** Set when the owner kept answering "more remains" without deleting: the run stopped instead of looping. */
  stoppedEarly?: string;
  chunks: RunChunk[];
  /**
   * When anything shown of the run last changed: its start, then every write of it (an answer, a chunk
   * asked again, the count of what is expected, the finish). What `GET /v1/runs?since=` selects on.
   */
  changedAt: Date;
  /** Incremented on every write; each write is conditional on it. */
  revision: number;
}

/**
 * When a run stored before `changedAt` was kept last changed, as near as its record tells: its finish, or
 * else its start (RunsRepository backfills it so at start-up).
 */
export const changedAtBefore = (run: Pick<Run, 'startedAt' | 'finishedAt'>): Date => run.finishedAt ?? run.startedAt;

/** Why a run stopped before the owner said nothing remains (the API shows these; the protocol in Swedish). */
export const STOPPED = {
  noProgress: 'the owner said more remained but deleted nothing',
  tooManyChunks: 'the run reached the most chunks one run may take; the next run carries on',
  unitHeld: 'a hold on the unit was set while the run worked',
  ruleHeld: 'a hold on the rule was set while the run worked',
  tooManyHolds: 'more persons and conversations are held than one purge request can name',
} as const;

/** The protocol's anmärkning for a run that deleted nothing on purpose or stopped early. */
const REMARK: Record<string, string> = {
  [STOPPED.noProgress]: 'Avbruten: ägartjänsten svarade att mer återstod men gallrade inget',
  [STOPPED.tooManyChunks]: 'Avbruten efter högsta antalet delkörningar; nästa körning fortsätter',
  [STOPPED.unitHeld]: 'Avbruten: gallringsstopp på enheten under körningen',
  [STOPPED.ruleHeld]: 'Avbruten: gallringsstopp på regeln under körningen',
  [STOPPED.tooManyHolds]: 'Avbruten: fler gallringsstopp än en begäran kan ange; inget mer gallrades',
};

/**
 * The most the exclusions may take in one purge request, as JSON: each request names every held person
 * and conversation, and Kafka takes at most 1 MB per message unless the topic allows more. About 17 000
 * subject keys fit. Beyond it, a run is not started and one under way stops: a request the broker refuses
 * would never be answered (ADR 0007).
 */
export const MAX_EXCLUSIONS_BYTES = 800_000;

export function exclusionsTooLarge(exclusions: Run['exclusions']): boolean {
  return Buffer.byteLength(JSON.stringify(exclusions)) > MAX_EXCLUSIONS_BYTES;
}

/** Added to the anmärkning when a hold stopped the run midway and what it left could not be counted as held. */
const HELD_UNCOUNTED = 'antalet skyddade är ofullständigt: det som återstod räknades inte (förväntat antal okänt)';

export function remarkOf(run: Pick<Run, 'wholeHold' | 'stoppedEarly' | 'expected'>): string | undefined {
  if (run.wholeHold === 'unit') return 'Gallringsstopp på enheten: inget gallrades';
  if (run.wholeHold === 'rule') return 'Gallringsstopp på regeln: inget gallrades';
  if (run.stoppedEarly === undefined) return undefined;
  const remark = REMARK[run.stoppedEarly] ?? `Avbruten: ${run.stoppedEarly}`;
  return stoppedByWholeHold(run) && run.expected === null ? `${remark}; ${HELD_UNCOUNTED}` : remark;
}

/** Whether a hold on the whole unit or rule, set while the run worked, stopped it before the owner was done. */
export function stoppedByWholeHold(run: Pick<Run, 'stoppedEarly'>): boolean {
  return run.stoppedEarly === STOPPED.unitHeld || run.stoppedEarly === STOPPED.ruleHeld;
}

/**
 * Stop a run that grows past this many chunks, and record why: a runaway owner, or a selection larger than
 * one run should take (20 000 chunks of 2 000 is 40 million items; the next run carries on). It also keeps
 * the run document, about 350 bytes a chunk, well under MongoDB's 16 MB.
 */
export const MAX_CHUNKS = 20_000;

export const requestIdOf = (runId: string, chunk: number): string => `${runId}-c${chunk}`;

export function newChunk(runId: string, chunk: number, now: Date): RunChunk {
  return { chunk, requestId: requestIdOf(runId, chunk), requestedAt: now, attempts: 1 };
}

/** The purge request for a chunk: the same every time it is sent (only `requestedAt` moves). */
export function purgeRequestOf(run: Run, chunk: RunChunk): PurgeRequestedV1 {
  return {
    requestId: chunk.requestId,
    runId: run.runId,
    ruleId: run.rule.id,
    ruleVersion: run.rule.version,
    chunk: chunk.chunk,
    selection: {
      service: run.selection.service,
      unit: run.selection.unit,
      informationType: run.selection.informationType,
      trigger: run.selection.trigger as PurgeTrigger,
      triggeredBefore: run.selection.triggeredBefore,
      requireArchived: run.selection.requireArchived,
    },
    exclusions: { subjectKeys: [...run.exclusions.subjectKeys], itemIds: [...run.exclusions.itemIds] },
    limit: run.limit,
    method: run.method,
    requestedAt: chunk.requestedAt.toISOString(),
  };
}

export type AnswerOutcome =
  /** Not this run's, or already recorded (`repeat`: the same chunk answered again): nothing changes. */
  | { kind: 'ignored'; reason: string; repeat?: true }
  /**
   * The owner failed this chunk, or its answer was rejected (`rejected`: its listed ids contradict its count
   * or digest): it will be asked again, and `error` is the chunk's last error.
   */
  | { kind: 'failed'; chunks: RunChunk[]; error: string; rejected?: true }
  /** Recorded; ask for the next chunk. */
  | { kind: 'next'; chunks: RunChunk[]; next: RunChunk }
  /** Recorded; every chunk is accounted for. */
  | { kind: 'complete'; chunks: RunChunk[]; stoppedEarly?: string };

/** What an answer does to a run. */
export function applyAnswer(run: Run, answer: PurgeCompletedV1, now: Date): AnswerOutcome {
  if (run.status !== 'running') return { kind: 'ignored', reason: `the run is ${run.status}` };
  if (answer.runId !== run.runId) return { kind: 'ignored', reason: 'another run' };
  if (answer.service !== run.selection.service) return { kind: 'ignored', reason: `answered by ${answer.service}` };
  const index = run.chunks.findIndex((c) => c.chunk === answer.chunk && c.requestId === answer.requestId);
  const current = run.chunks[index];
  if (!current) return { kind: 'ignored', reason: `no chunk ${answer.chunk} with request ${answer.requestId}` };
  if (current.answer) return { kind: 'ignored', reason: `chunk ${answer.chunk} is already answered`, repeat: true };
  const chunks = [...run.chunks];
  if (answer.error !== undefined) {
    chunks[index] = { ...current, lastError: answer.error };
    return { kind: 'failed', chunks, error: answer.error };
  }
  // The digest goes into the chain: never take one the listed ids contradict. Asked again, the owner (idempotent
  // by request id) answers the same, so the run stays open, showing the error, until someone looks.
  const rejected = deletedIdsProblem(answer);
  if (rejected !== undefined) {
    chunks[index] = { ...current, lastError: rejected };
    return { kind: 'failed', chunks, error: rejected, rejected: true };
  }
  chunks[index] = {
    ...current,
    answer: {
      deleted: answer.deleted,
      skippedHeld: answer.skippedHeld,
      blockedUnarchived: answer.blockedUnarchived,
      remaining: answer.remaining,
      deletedIdsSha256: answer.deletedIdsSha256,
      method: answer.method,
      completedAt: new Date(answer.completedAt),
      answeredAt: now,
    },
  };
  if (!answer.remaining) return { kind: 'complete', chunks };
  if (answer.deleted === 0) {
    return { kind: 'complete', chunks, stoppedEarly: STOPPED.noProgress };
  }
  if (chunks.length >= MAX_CHUNKS) return { kind: 'complete', chunks, stoppedEarly: STOPPED.tooManyChunks };
  const next = newChunk(run.runId, answer.chunk + 1, now);
  return { kind: 'next', chunks: [...chunks, next], next };
}

/**
 * The exclusions for the next request: everything excluded so far plus every hold active now. A hold set
 * while a run works protects from the next request on; one released while it works still protects until
 * the run ends (never delete what was held at any moment of the run).
 */
export function withHoldsNow(run: Pick<Run, 'exclusions' | 'holdIds'>, now: ActiveExclusions): Pick<Run, 'exclusions' | 'holdIds'> {
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();
  return {
    exclusions: {
      subjectKeys: union(run.exclusions.subjectKeys, now.subjectKeys),
      itemIds: union(run.exclusions.itemIds, now.itemIds),
    },
    holdIds: union(run.holdIds, now.holdIds),
  };
}

/**
 * Why a run must stop before its next request: a hold on its whole unit or rule was set while it worked,
 * or the exclusions that request would carry (the run's and the holds now, {@link withHoldsNow}) are
 * more than one request can name.
 */
export function stopReasonNow(now: ActiveExclusions, next: Run['exclusions']): string | undefined {
  if (now.unitHeld) return STOPPED.unitHeld;
  if (now.ruleHeld) return STOPPED.ruleHeld;
  if (exclusionsTooLarge(next)) return STOPPED.tooManyHolds;
  return undefined;
}

/** Every chunk answered and the last one says nothing remains (or the run was stopped). */
export function isComplete(run: Pick<Run, 'chunks' | 'wholeHold' | 'stoppedEarly'>): boolean {
  if (run.wholeHold !== null) return true;
  const last = run.chunks.at(-1);
  if (!last?.answer || run.chunks.some((c) => !c.answer)) return false;
  return !last.answer.remaining || run.stoppedEarly !== undefined;
}

/**
 * The unanswered chunks due to be asked again at `now`: the first wait is `timeoutMs`, and it doubles
 * with every attempt, up to an hour.
 */
export function overdueChunks(run: Run, now: Date, timeoutMs: number): RunChunk[] {
  if (run.status !== 'running') return [];
  return run.chunks.filter((c) => !c.answer && c.requestedAt.getTime() + retryWait(c.attempts, timeoutMs) <= now.getTime());
}

export function retryWait(attempts: number, timeoutMs: number): number {
  return Math.min(timeoutMs * 2 ** Math.max(0, Math.min(attempts - 1, 20)), Math.max(timeoutMs, 60 * 60_000));
}

/**
 * The counts of a finished run. Each answer reports the held and blocked items of the whole selection at
 * that moment; they are never deleted, so the latest answer's figures are the run's. Candidates are what the
 * selection matched in all: deleted + held + blocked. A run held on the whole unit or rule from the start
 * deletes nothing and counts every expected candidate as held. One stopped midway by such a hold counts what
 * it left as held too: what was expected and neither deleted, held by a person or conversation hold, nor
 * blocked (retention's own count; without it the anmärkning says the held count is incomplete).
 */
export function countsOf(run: Run): ProtocolCounts {
  if (run.wholeHold !== null) return { candidates: run.expected ?? 0, held: run.expected ?? 0, blocked: 0, deleted: 0 };
  const deleted = run.chunks.reduce((sum, c) => sum + (c.answer?.deleted ?? 0), 0);
  const last = run.chunks.findLast((c) => c.answer !== undefined)?.answer;
  const skippedHeld = last?.skippedHeld ?? 0;
  const blocked = last?.blockedUnarchived ?? 0;
  const left = stoppedByWholeHold(run) && run.expected !== null ? Math.max(0, run.expected - deleted - blocked - skippedHeld) : 0;
  const held = skippedHeld + left;
  return { candidates: deleted + held + blocked, held, blocked, deleted };
}

/** The run's gallringsprotokoll entry (no personal data: counts and digests only). */
export function protocolDraftOf(run: Run, finishedAt: Date): ProtocolEntryDraft {
  const answered = run.chunks.flatMap((c) => (c.answer ? [{ chunk: c.chunk, answer: c.answer }] : []));
  const remark = remarkOf(run);
  const method = answered.some((c) => c.answer.method === 'crypto-shred') ? 'crypto-shred' : answered.length ? 'delete' : run.method;
  return {
    runId: run.runId,
    rule: { ...run.rule },
    decision: { ...run.decision },
    selection: {
      service: run.selection.service,
      trigger: run.selection.trigger,
      triggeredBefore: run.selection.triggeredBefore,
      requireArchived: run.selection.requireArchived,
    },
    counts: countsOf(run),
    method,
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date(Math.max(finishedAt.getTime(), run.startedAt.getTime())).toISOString(),
    executedBy: run.executedBy,
    approvedBy: run.approvedBy,
    chunks: answered.map(({ chunk, answer }) => ({ chunk, deleted: answer.deleted, deletedIdsSha256: answer.deletedIdsSha256 })),
    ...(remark !== undefined ? { remark } : {}),
  };
}

/** Whether the ids an owner listed are the ids its digest covers (SHA-256 over the sorted ids, one per line). */
export function idsMatchDigest(ids: readonly string[], digest: string): boolean {
  return deletedIdsSha256(ids) === digest;
}

/**
 * Why an answer's listed ids contradict what it says it deleted, or undefined when they agree. The owner
 * lists the ids up to MAX_DELETED_IDS; above it sends the digest alone, which has nothing to be checked
 * against and is taken as given.
 */
export function deletedIdsProblem(answer: Pick<PurgeCompletedV1, 'deleted' | 'deletedIds' | 'deletedIdsSha256'>): string | undefined {
  const ids = answer.deletedIds;
  if (ids === undefined) return undefined;
  if (ids.length !== answer.deleted) {
    return `answer rejected: it lists ${ids.length} deleted ids but says ${answer.deleted} were deleted`;
  }
  if (new Set(ids).size !== ids.length) return 'answer rejected: it lists a deleted id more than once';
  if (!idsMatchDigest(ids, answer.deletedIdsSha256)) return 'answer rejected: the listed deleted ids do not match deletedIdsSha256';
  return undefined;
}

/** Progress for the API and the admin pages. */
export interface RunProgress {
  chunksRequested: number;
  chunksAnswered: number;
  deleted: number;
  held: number;
  blocked: number;
  /** Deleted + held + blocked against the candidates expected at the start, 0..1; 1 once finished; null while uncounted. */
  fraction: number | null;
  /** Chunks asked more than once without an answer yet. */
  waiting: { chunk: number; attempts: number; requestedAt: Date; lastError?: string }[];
}

export function progressOf(run: Run): RunProgress {
  const counts = countsOf(run);
  const done = counts.deleted + counts.held + counts.blocked;
  const fraction =
    run.status === 'finished' ? 1 : run.expected === null ? null : run.expected === 0 ? 0 : Math.min(0.99, done / run.expected);
  return {
    chunksRequested: run.chunks.length,
    chunksAnswered: run.chunks.filter((c) => c.answer).length,
    deleted: counts.deleted,
    held: counts.held,
    blocked: counts.blocked,
    fraction: fraction === null ? null : Math.round(fraction * 1000) / 1000,
    waiting: run.chunks
      .filter((c) => !c.answer && (c.attempts > 1 || c.lastError !== undefined))
      .map((c) => ({
        chunk: c.chunk,
        attempts: c.attempts,
        requestedAt: c.requestedAt,
        ...(c.lastError !== undefined ? { lastError: c.lastError } : {}),
      })),
  };
}
