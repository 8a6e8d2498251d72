import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { MAX_DELETED_IDS, type PurgeCompletedV1 } from '@insyn/contracts';
import { verifyChain } from '../../domain/protocol/verify-chain.js';
import { appendEntry } from '../../domain/protocol/protocol-entry.js';
import type { ActiveExclusions } from '../../holds/holds.query.js';
import type { ActiveRule } from '../../rules/domain/rule.model.js';
import { planRun, refusalOf } from './run-plan.js';
import {
  applyAnswer,
  changedAtBefore,
  countsOf,
  deletedIdsProblem,
  exclusionsTooLarge,
  idsMatchDigest,
  isComplete,
  MAX_CHUNKS,
  overdueChunks,
  progressOf,
  protocolDraftOf,
  purgeRequestOf,
  retryWait,
  type Run,
  STOPPED,
  stopReasonNow,
  withHoldsNow,
} from './run.js';

const NOW = new Date('2026-03-16T01:00:00Z'); // 02:00 in Stockholm
const NO_HOLDS: ActiveExclusions = { subjectKeys: [], itemIds: [], unitHeld: false, ruleHeld: false, holdIds: [] };
const rule = (over: Partial<ActiveRule> = {}): ActiveRule => ({
  ruleId: 'sakra-meddelanden-soc',
  unit: 'socialtjansten',
  informationType: 'secure-message',
  version: 2,
  action: 'archive-then-delete',
  trigger: 'conversation-closed',
  after: 'P2Y',
  preconditions: ['archived'],
  schedule: '0 2 * * *',
  decision: { body: 'Socialnämnden', date: '2025-05-12', reference: 'SN 2025/101', section: '§ 45' },
  activatedAt: new Date('2025-06-01T00:00:00Z'),
  activatedBy: 'official:SE2120000001-ark1',
  ...over,
});

function plan(over: Partial<ActiveRule> = {}, exclusions: ActiveExclusions = NO_HOLDS): Run {
  return planRun({
    runId: '0190f5a2-0000-7000-8000-000000000001',
    rule: rule(over),
    service: 'messages',
    now: NOW,
    exclusions,
    expected: 25,
    origin: 'schedule',
    executedBy: 'service:retention-scheduler',
    limit: 10,
  });
}

const digest = (ids: string[]) =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');

function answer(run: Run, chunk: number, over: Partial<PurgeCompletedV1> = {}): PurgeCompletedV1 {
  return {
    requestId: `${run.runId}-c${chunk}`,
    runId: run.runId,
    chunk,
    service: 'messages',
    deleted: 10,
    skippedHeld: 2,
    blockedUnarchived: 3,
    remaining: true,
    deletedIdsSha256: digest([`c${chunk}`]),
    method: 'crypto-shred',
    completedAt: NOW.toISOString(),
    ...over,
  };
}

/** Feeds answers through applyAnswer the way the use case stores them. */
function feed(run: Run, ...answers: PurgeCompletedV1[]): Run {
  let current = run;
  for (const a of answers) {
    const outcome = applyAnswer(current, a, NOW);
    if (outcome.kind === 'ignored') continue;
    current = {
      ...current,
      chunks: outcome.chunks,
      ...(outcome.kind === 'complete' && outcome.stoppedEarly ? { stoppedEarly: outcome.stoppedEarly } : {}),
    };
  }
  return current;
}

describe('planning a run', () => {
  it('selects what is due today (the day after the anniversary, Swedish time) and asks for the first chunk', () => {
    const run = plan();
    // Due at 00:00 Stockholm on 2026-03-16 ⇒ everything closed before 2024-03-16 00:00 Stockholm (23:00Z the day before).
    expect(run.selection).toEqual({
      service: 'messages',
      unit: 'socialtjansten',
      informationType: 'secure-message',
      trigger: 'conversation-closed',
      triggeredBefore: '2024-03-15T23:00:00.000Z',
      requireArchived: true,
    });
    expect(run.rule).toMatchObject({ id: 'sakra-meddelanden-soc', version: 2, action: 'overfor-och-gallra', after: 'P2Y' });
    expect(run.approvedBy).toBe('official:SE2120000001-ark1');
    expect(run.method).toBe('crypto-shred');
    expect(run.chunks).toEqual([{ chunk: 0, requestId: `${run.runId}-c0`, requestedAt: NOW, attempts: 1 }]);
    // Its first change is its start: what `GET /v1/runs?since=` selects on.
    expect(run.changedAt).toEqual(run.startedAt);
  });

  it('dates the last change of a run stored before `changedAt` was kept by its finish, else its start', () => {
    const startedAt = new Date('2026-03-01T02:00:00Z');
    expect(changedAtBefore({ startedAt })).toEqual(startedAt);
    expect(changedAtBefore({ startedAt, finishedAt: new Date('2026-03-01T02:05:00Z') })).toEqual(new Date('2026-03-01T02:05:00Z'));
  });

  it('tells the owner which trigger the period counts from', () => {
    const run = plan({ trigger: 'inaktualitet', after: 'P0D' });
    expect(purgeRequestOf(run, run.chunks[0]!).selection).toMatchObject({
      trigger: 'inaktualitet',
      triggeredBefore: '2026-03-15T23:00:00.000Z',
    });
    expect(purgeRequestOf(plan(), plan().chunks[0]!).selection.trigger).toBe('conversation-closed');
  });

  it('requires the archive receipt when the rule names a precondition, not otherwise', () => {
    expect(plan({ action: 'delete', preconditions: [] }).selection.requireArchived).toBe(false);
    expect(plan({ action: 'delete', preconditions: ['receipt-received'] }).selection.requireArchived).toBe(true);
    expect(plan({ action: 'delete', preconditions: [] }).rule.action).toBe('gallra');
  });

  it('carries the holds as exclusions, and a hold on the unit or rule makes a run that asks nothing', () => {
    const held = plan({}, { ...NO_HOLDS, subjectKeys: ['sk1_aaaaaaaaaaaaaaaaaaaa'], itemIds: ['conv-0001'], holdIds: ['h1', 'h2'] });
    expect(held.exclusions).toEqual({ subjectKeys: ['sk1_aaaaaaaaaaaaaaaaaaaa'], itemIds: ['conv-0001'] });
    expect(purgeRequestOf(held, held.chunks[0]!).exclusions.itemIds).toEqual(['conv-0001']);
    const unitHeld = plan({}, { ...NO_HOLDS, unitHeld: true, holdIds: ['h3'] });
    expect(unitHeld.wholeHold).toBe('unit');
    expect(unitHeld.chunks).toEqual([]);
    expect(isComplete(unitHeld)).toBe(true);
    expect(countsOf(unitHeld)).toEqual({ candidates: 25, held: 25, blocked: 0, deleted: 0 });
    expect(plan({}, { ...NO_HOLDS, ruleHeld: true }).wholeHold).toBe('rule');
  });

  it('refuses rules that keep forever, have no owner, or a trigger the owner cannot select by', () => {
    expect(refusalOf(rule({ action: 'keep', after: null }), 'messages')?.refused).toBe('keeps-forever');
    expect(refusalOf(rule(), undefined)?.refused).toBe('no-owner');
    expect(refusalOf(rule(), 'case-system')?.refused).toBe('no-owner');
    expect(refusalOf(rule({ trigger: 'case-closed' }), 'messages')?.refused).toBe('trigger-unsupported');
    expect(refusalOf(rule({ trigger: 'last-activity' }), 'messages')).toBeUndefined();
    expect(refusalOf(rule({ trigger: 'inaktualitet' }), 'messages')).toBeUndefined();
    expect(refusalOf(rule(), 'messages')).toBeUndefined();
    expect(() => plan({ action: 'keep', after: null })).toThrow(/keeps the information forever/);
  });

  it('runs the rights service’s access log from the reads (last-activity) only, and deletes rather than shreds', () => {
    const accessLog = { informationType: 'access-log' };
    expect(refusalOf(rule({ ...accessLog, trigger: 'last-activity' }), 'rights')).toBeUndefined();
    expect(refusalOf(rule({ ...accessLog, trigger: 'conversation-closed' }), 'rights')?.refused).toBe('trigger-unsupported');
    expect(refusalOf(rule({ ...accessLog, trigger: 'inaktualitet' }), 'rights')?.refused).toBe('trigger-unsupported');
    const run = planRun({
      runId: '0190f5a2-0000-7000-8000-000000000002',
      rule: rule({ ...accessLog, trigger: 'last-activity' }),
      service: 'rights',
      now: NOW,
      exclusions: NO_HOLDS,
      expected: null,
      origin: 'manual',
      executedBy: 'official:x',
      limit: 100,
    });
    expect(run.method).toBe('delete');
    expect(run.selection).toMatchObject({ service: 'rights', informationType: 'access-log', trigger: 'last-activity' });
  });

  it('keeps the names of who started it and who approved its rule version, when their tokens had them', () => {
    const named = planRun({
      runId: '0190f5a2-0000-7000-8000-000000000003',
      rule: rule({ activatedBy: 'official:dpo', activatedByName: 'Dana Dataskydd' }),
      service: 'messages',
      now: NOW,
      exclusions: NO_HOLDS,
      expected: null,
      origin: 'manual',
      executedBy: 'official:admin',
      executedByName: 'Anna Admin',
      limit: 10,
    });
    expect(named).toMatchObject({
      executedBy: 'official:admin',
      executedByName: 'Anna Admin',
      approvedBy: 'official:dpo',
      approvedByName: 'Dana Dataskydd',
    });
    // The protocol's entry keeps the ids only.
    expect(plan()).not.toHaveProperty('executedByName');
    expect(plan()).not.toHaveProperty('approvedByName');
  });
});

describe('answers', () => {
  it('asks for the next chunk while more remains, and completes on the last', () => {
    const run = plan();
    const first = applyAnswer(run, answer(run, 0), NOW);
    expect(first.kind).toBe('next');
    if (first.kind !== 'next') return;
    expect(first.next).toMatchObject({ chunk: 1, requestId: `${run.runId}-c1`, attempts: 1 });
    const done = feed(run, answer(run, 0), answer(run, 1, { deleted: 4, remaining: false }));
    expect(isComplete(done)).toBe(true);
    expect(countsOf(done)).toEqual({ candidates: 19, held: 2, blocked: 3, deleted: 14 });
  });

  it('ignores repeats, other runs, other services and unknown chunks', () => {
    const run = feed(plan(), answer(plan(), 0));
    expect(applyAnswer(run, answer(run, 0), NOW)).toMatchObject({ kind: 'ignored' });
    expect(applyAnswer(run, answer(run, 1, { runId: 'another-run-id' }), NOW)).toMatchObject({ kind: 'ignored' });
    expect(applyAnswer(run, answer(run, 1, { service: 'rights' }), NOW)).toMatchObject({ kind: 'ignored' });
    expect(applyAnswer(run, answer(run, 7), NOW)).toMatchObject({ kind: 'ignored' });
    expect(applyAnswer(run, answer(run, 1, { requestId: 'forged-request-id' }), NOW)).toMatchObject({ kind: 'ignored' });
    expect(applyAnswer({ ...run, status: 'finished' }, answer(run, 1), NOW)).toMatchObject({ kind: 'ignored' });
  });

  it('keeps a failed chunk open with its error, to be asked again', () => {
    const run = plan();
    const outcome = applyAnswer(run, answer(run, 0, { error: 'database unavailable', deleted: 0 }), NOW);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.chunks[0]).toMatchObject({ lastError: 'database unavailable' });
    expect(outcome.chunks[0]!.answer).toBeUndefined();
  });

  it('rejects an answer whose listed ids contradict its digest or its count: the chunk fails with why, to be asked again', () => {
    const run = plan();
    const ids = ['conv-a', 'conv-b'];
    const cases: [Partial<PurgeCompletedV1>, RegExp][] = [
      [{ deleted: 2, deletedIds: ids, deletedIdsSha256: digest(['conv-a', 'conv-c']) }, /do not match deletedIdsSha256/],
      [{ deleted: 3, deletedIds: ids, deletedIdsSha256: digest(ids) }, /lists 2 deleted ids but says 3 were deleted/],
      [{ deleted: 2, deletedIds: ['conv-a', 'conv-a'], deletedIdsSha256: digest(['conv-a', 'conv-a']) }, /more than once/],
    ];
    for (const [over, why] of cases) {
      const outcome = applyAnswer(run, answer(run, 0, over), NOW);
      expect(outcome).toMatchObject({ kind: 'failed', rejected: true, error: expect.stringMatching(why) });
      if (outcome.kind !== 'failed') return;
      expect(outcome.chunks).toHaveLength(1); // no next chunk
      expect(outcome.chunks[0]!.answer).toBeUndefined();
      expect(outcome.chunks[0]!.lastError).toMatch(why);
      // Asked again, it is overdue like an unanswered chunk, and progress shows why.
      const failed = { ...run, chunks: outcome.chunks };
      expect(overdueChunks(failed, new Date(NOW.getTime() + 60_000), 60_000).map((c) => c.chunk)).toEqual([0]);
      expect(progressOf(failed).waiting).toEqual([expect.objectContaining({ chunk: 0, lastError: expect.stringMatching(why) })]);
      // A later, consistent answer to the same chunk is recorded.
      const fixed = applyAnswer(failed, answer(run, 0, { deleted: 2, deletedIds: ids, deletedIdsSha256: digest(ids) }), NOW);
      expect(fixed.kind).toBe('next');
    }
  });

  it('accepts listed ids that agree, and the digest alone above the cap on listed ids', () => {
    const run = plan();
    const ids = ['conv-b', 'conv-a'];
    expect(applyAnswer(run, answer(run, 0, { deleted: 2, deletedIds: ids, deletedIdsSha256: digest(ids) }), NOW).kind).toBe('next');
    expect(applyAnswer(run, answer(run, 0, { deleted: 0, deletedIds: [], deletedIdsSha256: digest([]), remaining: false }), NOW).kind).toBe(
      'complete',
    );
    const aboveCap = answer(run, 0, { deleted: MAX_DELETED_IDS + 1, deletedIdsSha256: digest(['whatever']) });
    expect(aboveCap.deletedIds).toBeUndefined();
    expect(deletedIdsProblem(aboveCap)).toBeUndefined();
    const outcome = applyAnswer(run, aboveCap, NOW);
    expect(outcome.kind).toBe('next');
    if (outcome.kind !== 'next') return;
    expect(outcome.chunks[0]!.answer).toMatchObject({ deleted: MAX_DELETED_IDS + 1, deletedIdsSha256: digest(['whatever']) });
  });

  it('stops instead of looping when the owner says more remains but deleted nothing', () => {
    const run = plan();
    const outcome = applyAnswer(run, answer(run, 0, { deleted: 0, remaining: true }), NOW);
    expect(outcome).toMatchObject({ kind: 'complete', stoppedEarly: expect.stringContaining('deleted nothing') });
    if (outcome.kind !== 'complete') return;
    expect(protocolDraftOf({ ...run, chunks: outcome.chunks, stoppedEarly: outcome.stoppedEarly! }, NOW).remark).toBe(
      'Avbruten: ägartjänsten svarade att mer återstod men gallrade inget',
    );
  });

  it('stops a runaway run at MAX_CHUNKS', () => {
    const run = plan();
    const many = {
      ...run,
      chunks: Array.from({ length: MAX_CHUNKS }, (_, i) => ({ ...run.chunks[0]!, chunk: i, requestId: `${run.runId}-c${i}` })),
    };
    const last = many.chunks.length - 1;
    const answered = { ...many, chunks: many.chunks.map((c, i) => (i < last ? { ...c, answer: { ...fakeAnswer() } } : c)) };
    expect(applyAnswer(answered, answer(run, last), NOW)).toMatchObject({
      kind: 'complete',
      stoppedEarly: expect.stringContaining('most chunks'),
    });
  });
});

function fakeAnswer() {
  return {
    deleted: 1,
    skippedHeld: 0,
    blockedUnarchived: 0,
    remaining: true,
    deletedIdsSha256: digest(['x']),
    method: 'delete' as const,
    completedAt: NOW,
    answeredAt: NOW,
  };
}

describe('retries', () => {
  it('asks an unanswered chunk again after the timeout, then after doubling waits capped at an hour', () => {
    const run = plan();
    expect(overdueChunks(run, new Date(NOW.getTime() + 59_999), 60_000)).toEqual([]);
    expect(overdueChunks(run, new Date(NOW.getTime() + 60_000), 60_000).map((c) => c.chunk)).toEqual([0]);
    expect([1, 2, 3, 4].map((a) => retryWait(a, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryWait(30, 60_000)).toBe(3_600_000);
    expect(overdueChunks(feed(run, answer(run, 0, { remaining: false })), new Date(NOW.getTime() + 1e9), 60_000)).toEqual([]);
  });

  it('a repeated request is the same request (same id, selection and exclusions)', () => {
    const run = plan({}, { ...NO_HOLDS, itemIds: ['conv-0002'] });
    const again = { ...run, chunks: [{ ...run.chunks[0]!, attempts: 2, requestedAt: new Date(NOW.getTime() + 60_000) }] };
    const { requestedAt: _a, ...first } = purgeRequestOf(run, run.chunks[0]!);
    const { requestedAt: _b, ...second } = purgeRequestOf(again, again.chunks[0]!);
    expect(second).toEqual(first);
  });
});

describe('the protocol entry', () => {
  it('holds the rule, decision, selection, counts and chunk digests, and chains', () => {
    const run = plan();
    const done = feed(run, answer(run, 0), answer(run, 1, { deleted: 4, remaining: false }));
    const draft = protocolDraftOf(done, new Date(NOW.getTime() + 5_000));
    expect(draft).toMatchObject({
      runId: run.runId,
      decision: { reference: 'SN 2025/101', section: '§ 45' },
      selection: {
        service: 'messages',
        trigger: 'conversation-closed',
        triggeredBefore: '2024-03-15T23:00:00.000Z',
        requireArchived: true,
      },
      counts: { candidates: 19, held: 2, blocked: 3, deleted: 14 },
      method: 'crypto-shred',
      executedBy: 'service:retention-scheduler',
      approvedBy: 'official:SE2120000001-ark1',
      chunks: [
        { chunk: 0, deleted: 10, deletedIdsSha256: digest(['c0']) },
        { chunk: 1, deleted: 4, deletedIdsSha256: digest(['c1']) },
      ],
    });
    const first = appendEntry(undefined, draft);
    const second = appendEntry(first, protocolDraftOf(plan({}, { ...NO_HOLDS, unitHeld: true }), NOW));
    expect(verifyChain([first, second])).toMatchObject({ ok: true, length: 2 });
    expect(JSON.stringify(draft)).not.toContain('sk1_');
    expect(draft.remark).toBeUndefined();
    expect(protocolDraftOf(plan({}, { ...NO_HOLDS, unitHeld: true }), NOW).remark).toBe('Gallringsstopp på enheten: inget gallrades');
  });

  it('never finishes before it started, even if the clock went back', () => {
    const draft = protocolDraftOf(plan(), new Date(NOW.getTime() - 1_000));
    expect(draft.finishedAt).toBe(NOW.toISOString());
  });
});

describe('progress', () => {
  it('counts chunks and items against what was expected, and shows chunks waiting for an answer', () => {
    const run = plan();
    const halfway = feed(run, answer(run, 0));
    const waiting = { ...halfway, chunks: halfway.chunks.map((c) => (c.answer ? c : { ...c, attempts: 3 })) };
    expect(progressOf(waiting)).toMatchObject({
      chunksRequested: 2,
      chunksAnswered: 1,
      deleted: 10,
      held: 2,
      blocked: 3,
      fraction: 0.6,
      waiting: [{ chunk: 1, attempts: 3 }],
    });
    expect(progressOf({ ...run, status: 'finished' }).fraction).toBe(1);
  });
});

describe('holds set while a run works', () => {
  it('add to the exclusions, and none is dropped when released meanwhile', () => {
    const run = plan({}, { ...NO_HOLDS, subjectKeys: ['sk1_b'], itemIds: ['conv-1'], holdIds: ['h1'] });
    expect(withHoldsNow(run, { ...NO_HOLDS, subjectKeys: ['sk1_a'], holdIds: ['h2'] })).toEqual({
      exclusions: { subjectKeys: ['sk1_a', 'sk1_b'], itemIds: ['conv-1'] },
      holdIds: ['h1', 'h2'],
    });
  });

  const NONE = { subjectKeys: [], itemIds: [] };

  it('on the whole unit or rule, stop the run', () => {
    expect(stopReasonNow(NO_HOLDS, NONE)).toBeUndefined();
    expect(stopReasonNow({ ...NO_HOLDS, unitHeld: true }, NONE)).toContain('unit');
    expect(stopReasonNow({ ...NO_HOLDS, ruleHeld: true }, NONE)).toContain('rule');
  });

  it('more than one request can name (the run’s and the new ones together), stop the run', () => {
    const keys = (from: number, n: number) => Array.from({ length: n }, (_, i) => `sk1_${String(from + i).padStart(43, '0')}`);
    const run = { exclusions: { subjectKeys: keys(0, 9_000), itemIds: [] }, holdIds: ['h1'] };
    const stopWith = (subjectKeys: string[]) => {
      const now = { ...NO_HOLDS, subjectKeys };
      return stopReasonNow(now, withHoldsNow(run, now).exclusions);
    };
    expect(exclusionsTooLarge(run.exclusions)).toBe(false);
    expect(stopWith(keys(9_000, 6_000))).toBeUndefined();
    expect(stopWith(keys(9_000, 9_000))).toBe(STOPPED.tooManyHolds);
    expect(exclusionsTooLarge({ subjectKeys: keys(0, 18_000), itemIds: [] })).toBe(true);
    // The same keys again are one exclusion each: nothing grows.
    expect(stopWith(keys(0, 9_000))).toBeUndefined();
  });

  /** The run as the use case stores it when a hold on the unit or rule stops it after chunk 0's answer. */
  const stoppedAfterFirstChunk = (stop: string, expected: number | null): Run => {
    const run = { ...plan(), expected };
    const answered = feed(run, answer(run, 0)); // deleted 10, skippedHeld 2, blocked 3, more remains
    return { ...answered, chunks: answered.chunks.slice(0, -1), stoppedEarly: stop };
  };

  it('on the whole unit or rule midway, count what the run left as held', () => {
    for (const stop of [STOPPED.unitHeld, STOPPED.ruleHeld]) {
      const stopped = stoppedAfterFirstChunk(stop, 25);
      expect(isComplete(stopped)).toBe(true);
      // 25 expected: 10 deleted, 3 blocked, 2 held by a person or conversation hold, 10 left by the stop.
      expect(countsOf(stopped)).toEqual({ candidates: 25, held: 12, blocked: 3, deleted: 10 });
      const draft = protocolDraftOf(stopped, NOW);
      expect(draft.counts).toEqual({ candidates: 25, held: 12, blocked: 3, deleted: 10 });
      expect(draft.counts.candidates).toBe(draft.counts.deleted + draft.counts.held + draft.counts.blocked);
      expect(draft.remark).toBe(
        stop === STOPPED.unitHeld
          ? 'Avbruten: gallringsstopp på enheten under körningen'
          : 'Avbruten: gallringsstopp på regeln under körningen',
      );
      expect(() => appendEntry(undefined, draft)).not.toThrow();
    }
    // Fewer expected than the owner reported (retention's records lag): nothing is added, never a negative.
    expect(countsOf(stoppedAfterFirstChunk(STOPPED.ruleHeld, 12))).toEqual({ candidates: 15, held: 2, blocked: 3, deleted: 10 });
  });

  it('on the whole unit or rule midway, uncounted: the anmärkning says the held count is incomplete', () => {
    const stopped = stoppedAfterFirstChunk(STOPPED.ruleHeld, null);
    const draft = protocolDraftOf(stopped, NOW);
    expect(draft.counts).toEqual({ candidates: 15, held: 2, blocked: 3, deleted: 10 });
    expect(draft.remark).toBe(
      'Avbruten: gallringsstopp på regeln under körningen; antalet skyddade är ofullständigt: det som återstod räknades inte (förväntat antal okänt)',
    );
  });

  it('other early stops leave what remains uncounted as held (nothing held it)', () => {
    const stopped = stoppedAfterFirstChunk(STOPPED.noProgress, 25);
    expect(countsOf(stopped)).toEqual({ candidates: 15, held: 2, blocked: 3, deleted: 10 });
    expect(protocolDraftOf({ ...stopped, expected: null }, NOW).remark).toBe(
      'Avbruten: ägartjänsten svarade att mer återstod men gallrade inget',
    );
  });
});

describe('deleted ids', () => {
  it('match their digest only when they are the same ids', () => {
    expect(idsMatchDigest(['b', 'a'], digest(['a', 'b']))).toBe(true);
    expect(idsMatchDigest(['a'], digest(['a', 'b']))).toBe(false);
  });
});
