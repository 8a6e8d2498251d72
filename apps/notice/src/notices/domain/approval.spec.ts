import { describe, expect, it } from '@jest/globals';
import { cancellationOf, decisionRefusal, type PendingApproval, submissionOf } from './approval.js';

const at = new Date('2026-12-01T09:00:00Z');
const pending = (over: Partial<PendingApproval> = {}): PendingApproval => ({
  draftRevision: 3,
  requestedBy: 'official:SE2321000230-elin',
  requestedByPersons: ['official:subject-elin'],
  requestedAt: at,
  ...over,
});
const frida = { actor: 'official:SE2321000230-frida', persons: ['official:subject-frida'] };

describe('four-eyes publishing: the rules', () => {
  it('a submission of the revision that waits already is the same request; another revision, or none waiting, is new', () => {
    expect(submissionOf(pending(), 3)).toEqual({ kind: 'already-pending', pending: pending() });
    expect(submissionOf(pending(), 4)).toEqual({ kind: 'new' });
    expect(submissionOf(null, 3)).toEqual({ kind: 'new' });
  });

  it('a second person may decide on the revision waiting, which is the draft', () => {
    expect(decisionRefusal(pending(), 3, frida, 3)).toBeNull();
    expect(decisionRefusal(pending(), 3, frida)).toBeNull();
  });

  it('the requester is refused, by her stable subject even under another HSA-id, and whatever revision she names', () => {
    const elinAgain = { actor: 'official:SE2321000230-elin-new-card', persons: ['official:subject-elin'] };
    expect(decisionRefusal(pending(), 3, elinAgain, 3)).toEqual({ kind: 'same-person' });
    expect(decisionRefusal(pending(), 3, elinAgain, 2)).toEqual({ kind: 'same-person' });
    // The same HSA-id on another subject is another person; an actor string alone decides nothing.
    expect(decisionRefusal(pending(), 3, { actor: 'official:SE2321000230-elin', persons: ['official:subject-other'] }, 3)).toBeNull();
  });

  it('a stale revision is refused: one other than the revision waiting, or a request left behind by the draft', () => {
    expect(decisionRefusal(pending(), 3, frida, 2)).toEqual({ kind: 'stale-revision', pendingRevision: 3, draftRevision: 2 });
    expect(decisionRefusal(pending(), 4, frida, 3)).toEqual({ kind: 'stale-revision', pendingRevision: 3, draftRevision: 4 });
  });

  it('during a rotation of the subject-key secret, the requester is refused under her key of either secret', () => {
    // She submitted before the rotation (her old key); she approves after it, her token naming both keys.
    const rotated = { actor: 'official:SE2321000230-elin', persons: ['official:sk2_elin', 'official:subject-elin'] };
    expect(decisionRefusal(pending(), 3, rotated, 3)).toEqual({ kind: 'same-person' });
    expect(decisionRefusal(pending({ requestedByPersons: ['official:sk2_elin', 'official:subject-elin'] }), 3, frida, 3)).toBeNull();
  });

  it('nothing waiting is refused', () => {
    expect(decisionRefusal(null, 3, frida, 3)).toEqual({ kind: 'nothing-pending' });
  });

  it('an edit cancels a waiting request and says so in the history; with none waiting it writes nothing', () => {
    expect(cancellationOf(pending(), 'official:SE2321000230-elin', at)).toEqual({
      action: 'cancelled',
      draftRevision: 3,
      by: 'official:SE2321000230-elin',
      at,
      reason: 'the draft changed after it was submitted',
    });
    expect(cancellationOf(null, 'official:SE2321000230-elin', at)).toBeNull();
  });
});
