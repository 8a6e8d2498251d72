import { isPlainObject, type Violation } from './validation-kit.js';

/**
 * Statements GDPR expects a notice to make, but whose absence does not make it invalid: the author is
 * told, and the notice is published as written. Insyn never fills in a missing statement (an absent
 * statement is not a "no"), so a notice silent on one shows nothing about it.
 */
const EXPECTED_STATEMENTS: { field: string; message: string }[] = [
  {
    field: 'thirdCountryTransfers',
    message:
      'the notice says nothing about transfers outside the EU/EEA, which GDPR art. 13.1 f expects; list them, or write [] to say there are none (nothing is shown until you do)',
  },
  {
    field: 'automatedDecisions',
    message:
      'the notice says nothing about automated decision-making, which GDPR art. 13.2 f expects; describe the decisions, or write [] to say there are none (nothing is shown until you do)',
  },
];

/** What the author should add, as `{ field, messages }` like a violation; an empty list when nothing is missing. */
export function noticeWarnings(input: unknown): Violation[] {
  if (!isPlainObject(input)) return [];
  return EXPECTED_STATEMENTS.filter((s) => input[s.field] === undefined || input[s.field] === null).map((s) => ({
    field: s.field,
    messages: [s.message],
  }));
}
