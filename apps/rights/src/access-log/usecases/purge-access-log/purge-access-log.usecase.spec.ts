import { createHash } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { type PurgeCompletedV1, PurgeCompletedV1Event, validatePayload } from '@insyn/contracts';
import type { OutboxRelay } from '@insyn/messaging';
import { ANNA, BRITT, entry, eventFactory, InMemoryAccessLog, InMemoryPurges, purgeRequest } from '../access-log-fakes.js';
import { PurgeAccessLog } from './purge-access-log.usecase.js';

const now = new Date('2026-06-01T02:00:05Z');

function setUp() {
  const log = new InMemoryAccessLog();
  const purges = new InMemoryPurges();
  const relay = { enqueued: jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined) };
  const useCase = new PurgeAccessLog(
    log,
    purges,
    eventFactory(() => now),
    relay as unknown as OutboxRelay,
    { now: () => now },
  );
  return { log, purges, relay, useCase };
}

const sha = (ids: string[]) =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');
const sentAnswers = (purges: InMemoryPurges, requestId: string): PurgeCompletedV1[] =>
  purges.records.get(requestId)!.outbox.map((o) => (JSON.parse(o.value) as { data: PurgeCompletedV1 }).data);

describe('PurgeAccessLog', () => {
  it('deletes the unit’s entries read before the cutoff, and answers with the count, the ids and their digest', async () => {
    const { log, purges, relay, useCase } = setUp();
    await log.record(entry({ accessId: 'acc-old00001', accessedAt: new Date('2026-01-01T00:00:00Z') }));
    await log.record(entry({ accessId: 'acc-old00002', subjectKey: BRITT, accessedAt: new Date('2026-05-31T21:59:59Z') }));
    await log.record(entry({ accessId: 'acc-new00001', accessedAt: new Date('2026-06-01T00:00:00Z') })); // at the cutoff: kept
    await log.record(entry({ accessId: 'acc-oth00001', unit: 'kommunstyrelsen', accessedAt: new Date('2026-01-01T00:00:00Z') }));

    const answer = await useCase.execute(purgeRequest());
    expect(answer).toEqual({
      requestId: 'run-00000001-c0',
      runId: 'run-00000001',
      chunk: 0,
      service: 'rights',
      deleted: 2,
      skippedHeld: 0,
      blockedUnarchived: 0,
      remaining: false,
      deletedIdsSha256: sha(['acc-old00001', 'acc-old00002']),
      deletedIds: ['acc-old00001', 'acc-old00002'],
      method: 'delete',
      completedAt: now.toISOString(),
    });
    expect(validatePayload(PurgeCompletedV1Event, answer)).toEqual([]);
    expect([...log.entries.keys()].sort()).toEqual(['acc-new00001', 'acc-oth00001']);
    expect(sentAnswers(purges, 'run-00000001-c0')).toEqual([answer]);
    // The relay gets the outbox the write left, and sends it without reading the purge record.
    expect(relay.enqueued).toHaveBeenCalledWith('access_log_purges', 'run-00000001-c0', purges.records.get('run-00000001-c0')!.outbox);
  });

  it('leaves held persons’ entries and entries about held conversations, and counts them', async () => {
    const { log, useCase } = setUp();
    await log.record(entry({ accessId: 'acc-anna0001', accessedAt: new Date('2026-01-01T00:00:00Z') }));
    await log.record(entry({ accessId: 'acc-britt001', subjectKey: BRITT, accessedAt: new Date('2026-01-01T00:00:00Z') }));
    await log.record(
      entry({
        accessId: 'acc-britt002',
        subjectKey: BRITT,
        resource: { type: 'conversation', id: 'conv-held0001', conversationId: 'conv-held0001' },
        accessedAt: new Date('2026-01-01T00:00:00Z'),
      }),
    );
    const answer = await useCase.execute(purgeRequest({ exclusions: { subjectKeys: [ANNA], itemIds: ['conv-held0001'] } }));
    expect(answer).toMatchObject({ deleted: 1, skippedHeld: 2, deletedIds: ['acc-britt001'] });
    expect([...log.entries.keys()].sort()).toEqual(['acc-anna0001', 'acc-britt002']);
  });

  it('takes at most the limit, and says that more remain; the next chunk takes the rest', async () => {
    const { log, useCase } = setUp();
    for (let n = 1; n <= 3; n++) await log.record(entry({ accessId: `acc-0000000${n}`, accessedAt: new Date(Date.UTC(2026, 0, n)) }));
    const first = await useCase.execute(purgeRequest({ limit: 2 }));
    expect(first).toMatchObject({ deleted: 2, remaining: true });
    const second = await useCase.execute(purgeRequest({ requestId: 'run-00000001-c1', chunk: 1, limit: 2 }));
    expect(second).toMatchObject({ deleted: 1, remaining: false });
    expect([...first.deletedIds!, ...second.deletedIds!].sort()).toEqual(['acc-00000001', 'acc-00000002', 'acc-00000003']);
    expect(log.entries.size).toBe(0);
  });

  it('answers the same request again with the same answer, deleting nothing more', async () => {
    const { log, purges, relay, useCase } = setUp();
    await log.record(entry({ accessId: 'acc-old00001', accessedAt: new Date('2026-01-01T00:00:00Z') }));
    const first = await useCase.execute(purgeRequest());
    await log.record(entry({ accessId: 'acc-late0001', accessedAt: new Date('2026-01-02T00:00:00Z') })); // arrived late
    const again = await useCase.execute(purgeRequest());
    expect(again).toEqual(first);
    expect(log.entries.has('acc-late0001')).toBe(true);
    expect(sentAnswers(purges, 'run-00000001-c0')).toEqual([first, first]);
    // The whole outbox the second write left (the first answer is still there in the fake: nothing sent it).
    expect(relay.enqueued).toHaveBeenLastCalledWith('access_log_purges', 'run-00000001-c0', purges.records.get('run-00000001-c0')!.outbox);
  });

  it('finishes a deletion a crash interrupted, from the ids it chose', async () => {
    const { log, purges, useCase } = setUp();
    await log.record(entry({ accessId: 'acc-old00001', accessedAt: new Date('2026-01-01T00:00:00Z') }));
    await purges.insertSelected({
      requestId: 'run-00000001-c0',
      runId: 'run-00000001',
      chunk: 0,
      status: 'deleting',
      method: 'delete',
      ids: ['acc-old00001', 'acc-gone0001'],
      skippedHeld: 0,
      blockedUnarchived: 0,
      remaining: false,
      createdAt: now,
      expiresAt: now,
    });
    const answer = await useCase.execute(purgeRequest());
    expect(answer).toMatchObject({ deleted: 2, deletedIds: ['acc-gone0001', 'acc-old00001'] });
    expect(log.entries.size).toBe(0);
  });

  it('blocks everything when the rule wants an archive receipt first: the log is never archived', async () => {
    const { log, useCase } = setUp();
    await log.record(entry({ accessId: 'acc-old00001', accessedAt: new Date('2026-01-01T00:00:00Z') }));
    const answer = await useCase.execute(purgeRequest({}, { requireArchived: true }));
    expect(answer).toMatchObject({ deleted: 0, blockedUnarchived: 1, remaining: false, deletedIds: [] });
    expect(log.entries.size).toBe(1);
  });

  it.each([
    [{ trigger: 'conversation-closed' as const }, /cannot select by the trigger conversation-closed/],
    [{ trigger: undefined }, /cannot select by the trigger conversation-closed/],
    [{ informationType: 'secure-message' }, /information type secure-message is not held by the rights service/],
  ])('answers %p with an error and deletes nothing', async (selection, reason) => {
    const { log, purges, relay, useCase } = setUp();
    await log.record(entry({ accessId: 'acc-old00001', accessedAt: new Date('2026-01-01T00:00:00Z') }));
    const answer = await useCase.execute(purgeRequest({}, selection));
    expect(answer).toMatchObject({ deleted: 0, remaining: false, deletedIdsSha256: sha([]) });
    expect(answer.error).toMatch(reason);
    expect(validatePayload(PurgeCompletedV1Event, answer)).toEqual([]);
    expect(log.entries.size).toBe(1);
    expect(await useCase.execute(purgeRequest({}, selection))).toEqual(answer);
    expect(purges.records.get('run-00000001-c0')?.outbox).toHaveLength(2);
    expect(relay.enqueued).toHaveBeenLastCalledWith('access_log_purges', 'run-00000001-c0', purges.records.get('run-00000001-c0')!.outbox);
  });
});
