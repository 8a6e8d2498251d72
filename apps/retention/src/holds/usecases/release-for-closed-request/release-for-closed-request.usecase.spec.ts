import { describe, expect, it, jest } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import { type HoldActor, rightsRequestHoldId } from '../../domain/hold.js';
import type { HoldsRepository } from '../../persistence/holds.repository.js';
import { ReleaseForClosedRequest } from './release-for-closed-request.usecase.js';

const now = new Date('2026-03-15T10:00:00Z');
const rights: HoldActor = { kind: 'system', id: 'rights' };
const closed = { requestId: 'req-0000000000000001', outcome: 'answered' as const, closedAt: '2026-03-14T16:00:00.000Z' };

describe('ReleaseForClosedRequest', () => {
  it('releases the request’s automatic hold, by the system, saying how and when the request closed', async () => {
    const release = jest.fn<HoldsRepository['release']>().mockResolvedValue({} as never);
    const useCase = new ReleaseForClosedRequest(strictFake<HoldsRepository>('HoldsRepository', { release }), { now: () => now });
    expect(await useCase.execute(closed, rights)).toBe('released');
    expect(release).toHaveBeenCalledWith(
      rightsRequestHoldId(closed.requestId),
      'of-request',
      now,
      rights,
      'Data-subject request answered 2026-03-14T16:00:00.000Z',
    );
  });

  it('changes nothing for a request with no active hold (never opened here, or closed twice)', async () => {
    const release = jest.fn<HoldsRepository['release']>().mockResolvedValue(undefined);
    const useCase = new ReleaseForClosedRequest(strictFake<HoldsRepository>('HoldsRepository', { release }), { now: () => now });
    expect(await useCase.execute({ ...closed, outcome: 'withdrawn' }, rights)).toBe('nothing-held');
  });
});
