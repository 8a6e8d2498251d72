import { describe, expect, it, jest } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import { problemOf } from '@insyn/testing';
import { type Hold, type HoldActor, rightsRequestHoldId } from '../../domain/hold.js';
import type { HoldsRepository } from '../../persistence/holds.repository.js';
import { ReleaseHold } from './release-hold.usecase.js';

const now = new Date('2026-03-15T10:00:00Z');
const official: HoldActor = { kind: 'official', id: 'SE2321000230-test1' };
const HAND_SET_ID = '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const REQUEST_ID = 'req-0000000000000001';

const hold = (over: Partial<Hold> = {}): Hold => ({
  holdId: HAND_SET_ID,
  scope: 'person',
  target: 'sk1_0000000000000000',
  reason: 'litigation',
  setBy: official,
  setAt: new Date('2026-01-01T00:00:00Z'),
  reviewAt: new Date('2026-06-01T00:00:00Z'),
  reviews: [],
  ...over,
});

const automatic = (over: Partial<Hold> = {}): Hold =>
  hold({
    holdId: rightsRequestHoldId(REQUEST_ID),
    reason: 'data-subject-request',
    setBy: { kind: 'system', id: 'rights' },
    source: { type: 'rights-request', requestId: REQUEST_ID },
    ...over,
  });

/** The repository as stored: `releaseSetByHand` releases only active holds without a source, like its filter. */
function setup(stored: Hold | undefined) {
  const releaseSetByHand = jest
    .fn<HoldsRepository['releaseSetByHand']>()
    .mockImplementation((holdId, at, by, note) =>
      Promise.resolve(
        stored && stored.holdId === holdId && !stored.releasedAt && !stored.source
          ? { ...stored, releasedAt: at, releasedBy: by, ...(note !== undefined ? { releaseNote: note } : {}) }
          : undefined,
      ),
    );
  const findById = jest
    .fn<HoldsRepository['findById']>()
    .mockImplementation((holdId) => Promise.resolve(stored?.holdId === holdId ? stored : undefined));
  const repo = new Proxy({ releaseSetByHand, findById } as unknown as HoldsRepository, {
    get: (t, p) => {
      if (p in t) return (t as unknown as Record<string | symbol, unknown>)[p];
      throw new Error(`unmocked repository call: ${String(p)}`);
    },
  });
  const clock: Clock = { now: () => now };
  return { useCase: new ReleaseHold(repo, clock), releaseSetByHand };
}

describe('ReleaseHold', () => {
  it('releases a hold set by hand, with who, when and the note', async () => {
    const { useCase } = setup(hold());
    const released = await useCase.execute(HAND_SET_ID, official, 'Målet avgjort');
    expect(released).toMatchObject({ holdId: HAND_SET_ID, releasedAt: now, releasedBy: official, releaseNote: 'Målet avgjort' });
  });

  it('refuses the automatic hold of a data-subject request with 409: it ends when the request is answered', async () => {
    const held = automatic();
    const { useCase, releaseSetByHand } = setup(held);
    const problem = await problemOf(useCase.execute(held.holdId, official, 'Begäran besvarad'));
    expect(problem.getStatus()).toBe(409);
    expect(problem.problemType).toBe('hold-of-rights-request');
    expect(problem.getResponse()).toMatchObject({ detail: expect.stringContaining('released when the request is answered') });
    expect(problem.extensions).toEqual({ holdId: held.holdId, requestId: REQUEST_ID });
    // The refusal is the update's own filter, not only the read after it: nothing else was written.
    expect(releaseSetByHand).toHaveBeenCalledTimes(1);
  });

  it('refuses a client system too, whatever its scope', async () => {
    const held = automatic();
    const { useCase } = setup(held);
    const problem = await problemOf(useCase.execute(held.holdId, { kind: 'client', id: 'case-system' }));
    expect(problem.getStatus()).toBe(409);
    expect(problem.problemType).toBe('hold-of-rights-request');
  });

  it('answers a released hold with 409 hold-released', async () => {
    const { useCase } = setup(hold({ releasedAt: new Date('2026-02-01T00:00:00Z'), releasedBy: official }));
    const problem = await problemOf(useCase.execute(HAND_SET_ID, official));
    expect(problem.getStatus()).toBe(409);
    expect(problem.problemType).toBe('hold-released');
  });

  it('answers an unknown hold with 404', async () => {
    const { useCase } = setup(undefined);
    const problem = await problemOf(useCase.execute(HAND_SET_ID, official));
    expect(problem.getStatus()).toBe(404);
  });
});
