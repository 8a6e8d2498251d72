import type { PurgeSelection } from '@insyn/contracts';

/**
 * Which date of a conversation a purge request's `triggeredBefore` is compared with, by its trigger;
 * undefined for a trigger the messages service knows nothing of (when a case closes is the business
 * system's to say), which the consumer refuses.
 */
export function triggerField(selection: Pick<PurgeSelection, 'trigger'>): 'closedAt' | 'inaktuellAt' | 'lastMessageAt' | undefined {
  switch (selection.trigger) {
    case 'inaktualitet':
      return 'inaktuellAt';
    case 'last-activity':
      return 'lastMessageAt';
    case 'conversation-closed':
    case undefined:
      return 'closedAt';
    case 'case-closed':
      return undefined;
  }
}

/**
 * The conversations a purge request covers before exclusions: closed ones of the unit and information
 * type whose trigger date (the closing, the confirmation that they are inaktuell, or the last message)
 * is strictly before `triggeredBefore`. A conversation never confirmed has no `inaktuellAt` and so is not
 * covered at all by an `inaktualitet` request: neither selected nor counted as held or blocked. An open
 * conversation is never covered, however long it has been silent. The shape follows the schema's
 * `{unit, informationType, status, closedAt|inaktuellAt|lastMessageAt}` indexes.
 */
export function selectionFilter(selection: PurgeSelection): Record<string, unknown> {
  const field = triggerField(selection);
  if (!field) throw new Error(`the messages service cannot select by the trigger ${selection.trigger}`);
  return {
    unit: selection.unit,
    informationType: selection.informationType,
    status: 'closed',
    [field]: { $lt: new Date(selection.triggeredBefore) },
  };
}
