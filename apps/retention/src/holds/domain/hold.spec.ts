import { describe, expect, it } from '@jest/globals';
import { changedAtBefore, latestReviewAt, looksLikePersonnummer, reviewAtViolations, rightsRequestHoldId, slotOf } from './hold.js';

const now = new Date('2026-03-15T10:00:00Z');

describe('reviewAt', () => {
  it('must lie after now and at most one calendar year ahead', () => {
    expect(reviewAtViolations(new Date('2026-03-16T00:00:00Z'), now)).toEqual([]);
    expect(reviewAtViolations(new Date('2027-03-15T10:00:00Z'), now)).toEqual([]);
    expect(reviewAtViolations(new Date('2027-03-15T10:00:01Z'), now)).toEqual([
      { field: 'reviewAt', messages: ['reviewAt must be at most one year ahead (a hold is reviewed at least yearly)'] },
    ]);
    expect(reviewAtViolations(new Date('2026-03-15T09:59:59Z'), now)).toEqual([
      { field: 'reviewAt', messages: ['reviewAt must not be in the past'] },
    ]);
    expect(reviewAtViolations(new Date('nonsense'), now)[0]?.field).toBe('reviewAt');
  });

  it('a year from 29 February is 1 March', () => {
    expect(latestReviewAt(new Date('2028-02-29T12:00:00Z')).toISOString()).toBe('2029-03-01T12:00:00.000Z');
  });
});

describe('looksLikePersonnummer', () => {
  it.each(['191212121212', '19121212-1212', '121212-1212', '121212+1212', 'dnr 1212121212 x'])('finds %s', (t) => {
    expect(looksLikePersonnummer(t)).toBe(true);
  });
  it.each(['KS 2026/123', 'Dnr 2026-00123', '2026-03-15', 'tel 090-16 10 00'])('leaves %s', (t) => {
    expect(looksLikePersonnummer(t)).toBe(false);
  });
});

describe('slots and derived ids', () => {
  it('one hand-set slot per scope + target, one per request, one per released hold', () => {
    expect(slotOf({ holdId: 'h1', scope: 'unit', target: 'soc' })).toBe('unit:soc');
    expect(slotOf({ holdId: 'h1', scope: 'person', target: 'sk1_x', source: { type: 'rights-request', requestId: 'req-12345678' } })).toBe(
      'rights-request:req-12345678',
    );
    expect(slotOf({ holdId: 'h1', scope: 'unit', target: 'soc', releasedAt: now })).toBe('released:h1');
  });

  it('the hold of a rights request is a stable UUID of its request id', () => {
    const id = rightsRequestHoldId('req-12345678');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rightsRequestHoldId('req-12345678')).toBe(id);
    expect(rightsRequestHoldId('req-12345679')).not.toBe(id);
  });
});

describe('changedAt of a hold stored before it was kept', () => {
  const setAt = new Date('2026-01-01T00:00:00Z');
  const actor = { kind: 'official' as const, id: 'SE2321000230-test1' };
  const review = (at: string) => ({ at: new Date(at), by: actor, from: setAt, to: setAt });

  it('is its release, else its latest review, else when it was set', () => {
    expect(changedAtBefore({ setAt, reviews: [] })).toEqual(setAt);
    expect(changedAtBefore({ setAt, reviews: [review('2026-03-01T00:00:00Z'), review('2026-02-01T00:00:00Z')] })).toEqual(
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(changedAtBefore({ setAt, reviews: [review('2026-03-01T00:00:00Z')], releasedAt: new Date('2026-04-01T00:00:00Z') })).toEqual(
      new Date('2026-04-01T00:00:00Z'),
    );
  });
});
