/** hintCodes of pending orders (eid-protocols.md 1.4). */
export const PENDING_HINT_CODES = ['outstandingTransaction', 'noClient', 'started', 'userMrtd', 'userCallConfirm', 'userSign'] as const;
/** hintCodes of failed orders. */
export const FAILED_HINT_CODES = [
  'expiredTransaction',
  'certificateErr',
  'userCancel',
  'cancelled',
  'startFailed',
  'userDeclinedCall',
  'notSupportedByUserApp',
  'transactionRiskBlocked',
] as const;

export type PendingHintCode = (typeof PENDING_HINT_CODES)[number];
export type FailedHintCode = (typeof FAILED_HINT_CODES)[number];

/**
 * One collect answer without completionData: what an order is, or what a scenario step says it is. A
 * scenario may use a hintCode outside the lists: BankID adds codes without notice and RPs must cope.
 */
export type CollectState =
  | { status: 'pending'; hintCode: PendingHintCode | (string & {}) }
  | { status: 'failed'; hintCode: FailedHintCode | (string & {}) }
  | { status: 'complete' };

export function isFinal(state: CollectState): boolean {
  return state.status !== 'pending';
}
