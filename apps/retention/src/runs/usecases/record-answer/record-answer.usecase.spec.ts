import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MAX_DELETED_IDS, type PurgeCompletedV1 } from '@insyn/contracts';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import type { CandidatesQuery } from '../../../candidates/candidates.query.js';
import { appendEntry } from '../../../domain/protocol/protocol-entry.js';
import type { HoldsQuery } from '../../../holds/holds.query.js';
import type { ProtocolLedger } from '../../../protocol/protocol.ledger.js';
import { planRun } from '../../domain/run-plan.js';
import type { Run } from '../../domain/run.js';
import type { RuleSchedulesRepository } from '../../persistence/rule-schedules.repository.js';
import type { RunsRepository } from '../../persistence/runs.repository.js';
import { FinishRun } from '../finish-run/finish-run.usecase.js';
import { activeRule, NO_HOLDS } from '../use-case-fakes.js';
import { RecordAnswer } from './record-answer.usecase.js';
import { strictFake } from '@insyn/testing';

const NOW = new Date('2026-03-16T01:00:00Z');
const RUN_ID = '0190f5a2-0000-7000-8000-000000000001';
/** SHA-256 over the sorted ids, one per line, as the owner computes it (`deletedIdsSha256` in @insyn/contracts). */
const digest = (ids: string[]) =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');

function newRun(expected: number | null): Run {
  return planRun({
    runId: RUN_ID,
    rule: activeRule(),
    service: 'messages',
    now: NOW,
    exclusions: NO_HOLDS,
    expected,
    origin: 'schedule',
    executedBy: 'service:retention-scheduler',
    limit: 10,
  });
}

function answer(over: Partial<PurgeCompletedV1> = {}): PurgeCompletedV1 {
  const ids = over.deletedIds ?? ['conv-a', 'conv-b'];
  return {
    requestId: `${RUN_ID}-c0`,
    runId: RUN_ID,
    chunk: 0,
    service: 'messages',
    deleted: ids.length,
    skippedHeld: 1,
    blockedUnarchived: 2,
    remaining: true,
    deletedIdsSha256: digest(ids),
    deletedIds: ids,
    method: 'crypto-shred',
    completedAt: NOW.toISOString(),
    ...over,
  };
}

describe('RecordAnswer', () => {
  const clock: Clock = { now: () => NOW };
  let stored: Run;
  let update: jest.Mock<RunsRepository['update']>;
  let updateWithOutbox: jest.Mock<RunsRepository['updateWithOutbox']>;
  let forget: jest.Mock<CandidatesQuery['forget']>;
  let activeExclusions: jest.Mock<HoldsQuery['activeExclusions']>;
  let append: jest.Mock<ProtocolLedger['append']>;
  let enqueued: jest.Mock<OutboxRelay['enqueued']>;
  let useCase: RecordAnswer;

  beforeEach(() => {
    stored = newRun(25);
    // Like the repository: conditional on the revision, answering with the run as written.
    update = jest.fn<RunsRepository['update']>().mockImplementation((run, changes) => {
      if (run.revision !== stored.revision) return Promise.resolve(null);
      stored = { ...run, ...changes, revision: run.revision + 1 };
      return Promise.resolve(stored);
    });
    // The same with the next request pushed onto the outbox, answering with the outbox as the write left it.
    updateWithOutbox = jest.fn<RunsRepository['updateWithOutbox']>().mockImplementation((run, changes, outbox) => {
      if (run.revision !== stored.revision) return Promise.resolve(null);
      stored = { ...run, ...changes, revision: run.revision + 1 };
      return Promise.resolve(outbox);
    });
    const find = jest.fn<RunsRepository['find']>().mockImplementation(() => Promise.resolve(stored));
    forget = jest.fn<CandidatesQuery['forget']>().mockImplementation((ids) => Promise.resolve(ids.length));
    activeExclusions = jest.fn<HoldsQuery['activeExclusions']>().mockResolvedValue(NO_HOLDS);
    append = jest.fn<ProtocolLedger['append']>().mockImplementation((draft) => Promise.resolve(appendEntry(undefined, draft)));
    enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
    const runs = strictFake<RunsRepository>('RunsRepository', { find, update, updateWithOutbox });
    const ids: IdGenerator = { next: () => 'event-0001' };
    const finish = new FinishRun(
      strictFake<ProtocolLedger>('ProtocolLedger', { findByRunId: () => Promise.resolve(undefined), append }),
      runs,
      strictFake<RuleSchedulesRepository>('RuleSchedulesRepository', { releaseRun: () => Promise.resolve() }),
      clock,
    );
    useCase = new RecordAnswer(
      runs,
      strictFake<CandidatesQuery>('CandidatesQuery', { forget }),
      strictFake<HoldsQuery>('HoldsQuery', { activeExclusions }),
      finish,
      new EventFactory({ service: 'retention' } as MessagingOptions, clock, ids),
      strictFake<OutboxRelay>('OutboxRelay', { enqueued }),
      clock,
    );
  });

  describe('an answer whose listed ids contradict what it says', () => {
    it.each([
      ['the digest', { deletedIdsSha256: digest(['conv-a', 'conv-x']) }, /do not match deletedIdsSha256/],
      ['the count', { deleted: 3 }, /lists 2 deleted ids but says 3 were deleted/],
    ])('is not recorded when %s differs: the chunk fails with why, to be asked again', async (_, over, why) => {
      expect(await useCase.execute(answer(over))).toBe('failed');
      expect(update).toHaveBeenCalledTimes(1);
      expect(stored.chunks).toHaveLength(1);
      expect(stored.chunks[0]!.answer).toBeUndefined();
      expect(stored.chunks[0]!.lastError).toMatch(why);
      expect(stored.status).toBe('running');
      // Nothing forgotten, nothing asked next, nothing chained.
      expect(forget).not.toHaveBeenCalled();
      expect(enqueued).not.toHaveBeenCalled();
      expect(append).not.toHaveBeenCalled();

      // Asked again, the owner answers consistently: recorded, and the ids leave the candidates.
      expect(await useCase.execute(answer())).toBe('next');
      expect(stored.chunks[0]!.answer).toMatchObject({ deleted: 2, deletedIdsSha256: digest(['conv-a', 'conv-b']) });
      expect(forget).toHaveBeenCalledWith(['conv-a', 'conv-b']);
      // The next request went out in the same write; the relay gets the outbox that write left.
      const [, , pushed] = updateWithOutbox.mock.calls[0]!;
      expect(pushed).toEqual([expect.objectContaining({ topic: 'retention.purge.requested.v1' })]);
      expect(enqueued).toHaveBeenCalledWith('runs', stored.runId, pushed);
    });
  });

  it('records the digest alone above the cap on listed ids', async () => {
    const aboveCap = answer({ deleted: MAX_DELETED_IDS + 5, deletedIdsSha256: digest(['opaque']) });
    delete aboveCap.deletedIds;
    expect(await useCase.execute(aboveCap)).toBe('next');
    expect(stored.chunks[0]!.answer).toMatchObject({ deleted: MAX_DELETED_IDS + 5, deletedIdsSha256: digest(['opaque']) });
    expect(forget).not.toHaveBeenCalled();
  });

  it('forgets nothing on a repeat whose digest differs from the recorded answer', async () => {
    expect(await useCase.execute(answer())).toBe('next');
    forget.mockClear();
    const other = ['conv-c', 'conv-d'];
    expect(await useCase.execute(answer({ deletedIds: other, deletedIdsSha256: digest(other) }))).toBe('ignored');
    expect(forget).not.toHaveBeenCalled();
    // The same answer again (a crash may have come between recording it and forgetting): forgotten then.
    expect(await useCase.execute(answer())).toBe('ignored');
    expect(forget).toHaveBeenCalledWith(['conv-a', 'conv-b']);
  });

  it('stops the run when the holds now name more persons than the next request could carry, saying so in the anmärkning', async () => {
    const subjectKeys = Array.from({ length: 20_000 }, (_, i) => `sk1_${String(i).padStart(43, '0')}`);
    activeExclusions.mockResolvedValue({ ...NO_HOLDS, subjectKeys, holdIds: ['h-many'] });
    expect(await useCase.execute(answer())).toBe('finished');
    expect(stored).toMatchObject({
      status: 'finished',
      stoppedEarly: 'more persons and conversations are held than one purge request can name',
    });
    expect(stored.chunks).toHaveLength(1);
    expect(enqueued).not.toHaveBeenCalled();
    expect(append.mock.calls[0]![0].remark).toBe('Avbruten: fler gallringsstopp än en begäran kan ange; inget mer gallrades');
    expect(append.mock.calls[0]![0].counts).toEqual({ candidates: 5, held: 1, blocked: 2, deleted: 2 });
  });

  describe('a hold on the rule set while the run works', () => {
    const draft = () => append.mock.calls[0]![0];

    it('stops the run, and what it left counts as held in the protocol', async () => {
      activeExclusions.mockResolvedValue({ ...NO_HOLDS, ruleHeld: true, holdIds: ['h1'] });
      expect(await useCase.execute(answer())).toBe('finished');
      expect(stored).toMatchObject({ status: 'finished', stoppedEarly: 'a hold on the rule was set while the run worked' });
      expect(stored.chunks).toHaveLength(1); // no next chunk asked
      expect(enqueued).not.toHaveBeenCalled();
      // 25 expected: 2 deleted, 2 blocked, 1 held by a person or conversation hold, 20 left by the stop.
      expect(draft().counts).toEqual({ candidates: 25, held: 21, blocked: 2, deleted: 2 });
      expect(draft().remark).toBe('Avbruten: gallringsstopp på regeln under körningen');
      expect(stored.counts).toEqual({ candidates: 25, held: 21, blocked: 2, deleted: 2 });
      expect(forget).toHaveBeenCalledWith(['conv-a', 'conv-b']);
    });

    it('says in the anmärkning that the held count is incomplete when the expected candidates were never counted', async () => {
      stored = newRun(null);
      activeExclusions.mockResolvedValue({ ...NO_HOLDS, ruleHeld: true, holdIds: ['h1'] });
      expect(await useCase.execute(answer())).toBe('finished');
      expect(draft().counts).toEqual({ candidates: 5, held: 1, blocked: 2, deleted: 2 });
      expect(draft().remark).toMatch(/^Avbruten: gallringsstopp på regeln under körningen; antalet skyddade är ofullständigt/);
    });
  });
});
