import type { PurgeRequestedV1 } from '@insyn/contracts';

/** The information type the rights service holds and gallrar: the access log. */
export const ACCESS_LOG_INFORMATION_TYPE = 'access-log';
/** The name the rights service answers purge requests under (`selection.service`). */
export const RIGHTS_SERVICE = 'rights';

/**
 * Which entries a purge chunk covers, in the log's terms: the unit's entries accessed strictly before
 * `accessedBefore`, less those of held persons and of held conversations (a hold on a conversation keeps
 * the record of who read it too).
 */
export interface AccessLogSelection {
  unit: string;
  accessedBefore: Date;
  heldSubjectKeys: string[];
  /** Held conversations (hold scope `conversation`): the entries about them are kept. */
  heldItemIds: string[];
  /** The rule wants an archive receipt first: the log is never archived, so every entry is blocked. */
  requireArchived: boolean;
}

/**
 * The selection a purge request makes of the access log, or why the log cannot answer it. An entry's only
 * date is the read itself, which is its last (and only) activity: rules for the log count from
 * `last-activity`; any other trigger is refused with a reason, so the run asks again rather than count
 * the chunk as done.
 */
export function accessLogSelectionOf(request: PurgeRequestedV1): AccessLogSelection | { refused: string } {
  const { selection, exclusions } = request;
  if (selection.informationType !== ACCESS_LOG_INFORMATION_TYPE)
    return { refused: `the information type ${selection.informationType} is not held by the rights service` };
  if (selection.trigger !== 'last-activity')
    return {
      refused:
        `the access log cannot select by the trigger ${selection.trigger ?? 'conversation-closed'}: ` +
        'an entry counts from the read it records (last-activity)',
    };
  return {
    unit: selection.unit,
    accessedBefore: new Date(selection.triggeredBefore),
    heldSubjectKeys: [...exclusions.subjectKeys],
    heldItemIds: [...exclusions.itemIds],
    requireArchived: selection.requireArchived,
  };
}
