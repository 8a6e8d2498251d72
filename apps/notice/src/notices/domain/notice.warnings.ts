import { type MessageLanguage, say } from './notice.messages.js';
import { inLanguage, isPlainObject, type MessageViolation, type Violation } from './validation-kit.js';

/**
 * Statements GDPR expects a notice to make, but whose absence does not make it invalid: the author is
 * told, and the notice is published as written. Insyn never fills in a missing statement (an absent
 * statement is not a "no"), so a notice silent on one shows nothing about it.
 */
const EXPECTED_STATEMENTS = [
  { field: 'thirdCountryTransfers', message: say('silentOnTransfers') },
  { field: 'automatedDecisions', message: say('silentOnAutomatedDecisions') },
];

/**
 * What the author should add, as `{ field, messages }` like a violation, in `lang` (English unless asked
 * otherwise); an empty list when nothing is missing.
 */
export function noticeWarnings(input: unknown, lang: MessageLanguage = 'en'): Violation[] {
  if (!isPlainObject(input)) return [];
  const found: MessageViolation[] = EXPECTED_STATEMENTS.filter((s) => input[s.field] === undefined || input[s.field] === null).map((s) => ({
    field: s.field,
    messages: [s.message],
  }));
  return inLanguage(found, lang);
}
