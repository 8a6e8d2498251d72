/**
 * Four-eyes publishing (ADR 0023): a notice is published only when a second person approves the draft
 * revision someone submitted. Plain rules, no Nest or Mongo: the use cases apply them and the repository
 * makes each step one atomic write with the same preconditions.
 */

/** Who did something, for the record (`official:<HSA-id>`, `client:<id>`), and the stable person behind it. */
export interface Party {
  /** As `actorOf` gives it: shown in the history and in the published version. */
  actor: string;
  /**
   * The caller's kind and stable subjects (`official:<subject key>`, `client:<client id>`): what "the same
   * person" compares. An HSA-id may be reissued; the subject stays. While SUBJECT_KEY_SECRET is rotated
   * (ADR 0025) an official has a key under each secret: all of them, so one person is never two.
   */
  persons: string[];
}

/** A draft revision waiting for a second person's approval. */
export interface PendingApproval {
  draftRevision: number;
  requestedBy: string;
  /** The requester's {@link Party.persons}; never shown, only compared. */
  requestedByPersons: string[];
  requestedAt: Date;
}

export type ApprovalAction = 'requested' | 'approved' | 'rejected' | 'cancelled';

/** One line of a notice's approval history. */
export interface ApprovalHistoryEntry {
  action: ApprovalAction;
  draftRevision: number;
  by: string;
  at: Date;
  /** Why it was rejected; why it was cancelled (the draft changed). */
  reason?: string;
  /** On `approved`: the version it became. */
  version?: number;
}

/** What submitting a draft revision does: record a new request, or nothing (the same revision waits already). */
export type Submission = { kind: 'new' } | { kind: 'already-pending'; pending: PendingApproval };

export function submissionOf(pending: PendingApproval | null, draftRevision: number): Submission {
  if (pending && pending.draftRevision === draftRevision) return { kind: 'already-pending', pending };
  return { kind: 'new' };
}

/** Why an approval or a rejection is refused, or null when it may go on. */
export type DecisionRefusal =
  { kind: 'nothing-pending' } | { kind: 'stale-revision'; pendingRevision: number; draftRevision: number } | { kind: 'same-person' };

/**
 * May `decider` approve (or reject) `draftRevision` of a notice whose draft is at `currentRevision`?
 * Nothing pending, or a revision other than the one waiting (and the one the draft is at): the approval
 * would name something else than what is asked. The requester never decides on her own request.
 */
export function decisionRefusal(
  pending: PendingApproval | null,
  currentRevision: number,
  decider: Party,
  draftRevision?: number,
): DecisionRefusal | null {
  if (!pending) return { kind: 'nothing-pending' };
  if (samePerson(pending.requestedByPersons, decider.persons)) return { kind: 'same-person' };
  if (pending.draftRevision !== currentRevision)
    return { kind: 'stale-revision', pendingRevision: pending.draftRevision, draftRevision: currentRevision };
  if (draftRevision !== undefined && draftRevision !== pending.draftRevision)
    return { kind: 'stale-revision', pendingRevision: pending.draftRevision, draftRevision };
  return null;
}

/** Whether two parties' subjects name one person: any key in common. */
export function samePerson(a: readonly string[], b: readonly string[]): boolean {
  return a.some((key) => b.includes(key));
}

/** The history line a draft change writes when it cancels a pending request, or none when nothing waited. */
export function cancellationOf(pending: PendingApproval | null, by: string, at: Date): ApprovalHistoryEntry | null {
  if (!pending) return null;
  return { action: 'cancelled', draftRevision: pending.draftRevision, by, at, reason: 'the draft changed after it was submitted' };
}
