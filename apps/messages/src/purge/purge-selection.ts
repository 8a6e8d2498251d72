import type { PurgeSelection } from '@insyn/contracts';

/** Which date of a conversation a purge request's `triggeredBefore` is compared with, by its trigger. */
export function triggerField(selection: Pick<PurgeSelection, 'trigger'>): 'closedAt' | 'inaktuellAt' {
  switch (selection.trigger) {
    case 'inaktualitet':
      return 'inaktuellAt';
    case 'conversation-closed':
    case undefined:
      return 'closedAt';
  }
}

/**
 * The conversations a purge request covers before exclusions: closed ones of the unit and information
 * type whose trigger date (the closing, or the confirmation that they are inaktuell) is strictly before
 * `triggeredBefore`. A conversation never confirmed has no `inaktuellAt` and so is not covered at all by
 * an `inaktualitet` request: neither selected nor counted as held or blocked. The shape follows the
 * schema's `{unit, informationType, status, closedAt|inaktuellAt}` indexes.
 */
export function selectionFilter(selection: PurgeSelection): Record<string, unknown> {
  return {
    unit: selection.unit,
    informationType: selection.informationType,
    status: 'closed',
    [triggerField(selection)]: { $lt: new Date(selection.triggeredBefore) },
  };
}
