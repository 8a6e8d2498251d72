import { describe, expect, it, jest } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import { problemOf, strictFake } from '@insyn/testing';
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
  changedAt: new Date('2026-01-01T00:00:00Z'),
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

/** The repository as stored: `release` releases only an active hold of the kind asked for, like its filter. */
function setup(stored: Hold | undefined) {
  const release = jest
    .fn<HoldsRepository['release']>()
    .mockImplementation((holdId, kind, at, by, note) =>
      Promise.resolve(
        stored && stored.holdId === holdId && !stored.releasedAt && (kind === 'of-request') === (stored.source !== undefined)
          ? { ...stored, releasedAt: at, releasedBy: by, ...(note !== undefined ? { releaseNote: note } : {}), changedAt: at }
          : undefined,
      ),
    );
  const findById = jest
    .fn<HoldsRepository['findById']>()
    .mockImplementation((holdId) => Promise.resolve(stored?.holdId === holdId ? stored : undefined));
  const repo = strictFake<HoldsRepository>('HoldsRepository', { release, findById });
  const clock: Clock = { now: () => now };
  return { useCase: new ReleaseHold(repo, clock), release };
}

const WRITER = { byHand: true, ofRequest: false };
const DPO = { byHand: false, ofRequest: true };
const dpo: HoldActor = { kind: 'official', id: 'SE2321000230-dpo1' };

describe('ReleaseHold', () => {
  it('releases a hold set by hand, with who, when and the note', async () => {
    const { useCase, release } = setup(hold());
    const released = await useCase.execute(HAND_SET_ID, official, 'Målet avgjort', WRITER);
    expect(released).toMatchObject({ holdId: HAND_SET_ID, releasedAt: now, releasedBy: official, releaseNote: 'Målet avgjort' });
    expect(release).toHaveBeenCalledWith(HAND_SET_ID, 'by-hand', now, official, 'Målet avgjort');
  });

  it('refuses the automatic hold of a data-subject request to the hold writers with 409: it ends with the request', async () => {
    const held = automatic();
    const { useCase, release } = setup(held);
    for (const by of [official, { kind: 'client', id: 'case-system' } as HoldActor]) {
      const problem = await problemOf(useCase.execute(held.holdId, by, 'Begäran besvarad', WRITER));
      expect(problem.getStatus()).toBe(409);
      expect(problem.problemType).toBe('hold-of-rights-request');
      expect(problem.getResponse()).toMatchObject({ detail: expect.stringContaining('released when the request is closed') });
      expect(problem.extensions).toEqual({ holdId: held.holdId, requestId: REQUEST_ID });
    }
    expect(release).not.toHaveBeenCalled();
  });

  it('lets the data-protection officer release it, with a note saying how the request was answered', async () => {
    const held = automatic();
    const { useCase, release } = setup(held);
    const missing = await problemOf(useCase.execute(held.holdId, dpo, '  ', DPO));
    expect(missing.getStatus()).toBe(400);
    expect(release).not.toHaveBeenCalled();
    const released = await useCase.execute(held.holdId, dpo, 'Besvarad per brev 2026-03-14, dnr KS 2026/88', DPO);
    expect(released).toMatchObject({ releasedBy: dpo, releaseNote: 'Besvarad per brev 2026-03-14, dnr KS 2026/88' });
    expect(release).toHaveBeenCalledWith(held.holdId, 'of-request', now, dpo, 'Besvarad per brev 2026-03-14, dnr KS 2026/88');
  });

  it('does not let the data-protection officer release a hold set by hand (403)', async () => {
    const { useCase, release } = setup(hold());
    const problem = await problemOf(useCase.execute(HAND_SET_ID, dpo, 'Vill släppa', DPO));
    expect(problem.getStatus()).toBe(403);
    expect(release).not.toHaveBeenCalled();
  });

  it('answers a released hold with 409 hold-released', async () => {
    const { useCase } = setup(hold({ releasedAt: new Date('2026-02-01T00:00:00Z'), releasedBy: official }));
    const problem = await problemOf(useCase.execute(HAND_SET_ID, official, undefined, WRITER));
    expect(problem.getStatus()).toBe(409);
    expect(problem.problemType).toBe('hold-released');
  });

  it('answers an unknown hold with 404', async () => {
    const { useCase } = setup(undefined);
    const problem = await problemOf(useCase.execute(HAND_SET_ID, official, undefined, WRITER));
    expect(problem.getStatus()).toBe(404);
  });
});
