import { localDateOf } from '@insyn/platform';
import type { GoverningRule, RuleAction, RuleDecision, RuleTrigger } from './governing-rule.js';

/** The languages the notices are written in (notice.model.ts `Language`). */
export type WordingLanguage = 'sv' | 'en';

/** Text in both languages of the notices. */
export interface Worded {
  sv: string;
  en: string;
}

const UNITS: { key: 'Y' | 'M' | 'W' | 'D' | 'H' | 'TM' | 'S'; sv: [string, string]; en: [string, string] }[] = [
  { key: 'Y', sv: ['år', 'år'], en: ['year', 'years'] },
  { key: 'M', sv: ['månad', 'månader'], en: ['month', 'months'] },
  { key: 'W', sv: ['vecka', 'veckor'], en: ['week', 'weeks'] },
  { key: 'D', sv: ['dag', 'dagar'], en: ['day', 'days'] },
  { key: 'H', sv: ['timme', 'timmar'], en: ['hour', 'hours'] },
  { key: 'TM', sv: ['minut', 'minuter'], en: ['minute', 'minutes'] },
  { key: 'S', sv: ['sekund', 'sekunder'], en: ['second', 'seconds'] },
];

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

const TRIGGERS: Record<RuleTrigger, Worded> = {
  'conversation-closed': { sv: 'att konversationen avslutats', en: 'the conversation was closed' },
  'case-closed': { sv: 'att ärendet avslutats', en: 'the case was closed' },
  'last-activity': { sv: 'den senaste aktiviteten', en: 'the last activity' },
  inaktualitet: { sv: 'att uppgifterna blivit inaktuella', en: 'the information is no longer current' },
};

const ACTIONS: Record<RuleAction, Worded> = {
  keep: { sv: 'Bevaras', en: 'Kept' },
  delete: { sv: 'Gallras (raderas)', en: 'Deleted' },
  'archive-then-delete': { sv: 'Arkiveras, gallras sedan', en: 'Archived, then deleted' },
};

/** "1 år, 2 månader och 3 dagar" / "1 year, 2 months and 3 days". */
function joinParts(parts: string[], lang: WordingLanguage): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${lang === 'sv' ? 'och' : 'and'} ${parts.at(-1)!}`;
}

/**
 * An ISO 8601 duration in words: `P2Y` → "2 år" / "2 years", `P1Y6M` → "1 år och 6 månader". Null for
 * a zero duration (`P0D`), undefined when the text is not a duration this wording understands.
 */
export function durationInWords(iso: string, lang: WordingLanguage): string | null | undefined {
  const m = DURATION.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return undefined;
  const parts = UNITS.flatMap((unit, i) => {
    const n = Number(m[i + 1] ?? 0);
    if (n === 0) return [];
    const [one, many] = unit[lang];
    return [`${n} ${n === 1 ? one : many}`];
  });
  return parts.length === 0 ? null : joinParts(parts, lang);
}

/**
 * How long the information is kept, in words: "2 år efter att konversationen avslutats" / "2 years after
 * the conversation was closed". A rule that keeps the information says so.
 */
export function periodInWords(rule: Pick<GoverningRule, 'action' | 'after' | 'trigger'>, lang: WordingLanguage): string {
  if (rule.action === 'keep' || rule.after === null)
    return lang === 'sv' ? 'bevaras för framtiden (gallras inte)' : 'kept permanently (not deleted)';
  const trigger = TRIGGERS[rule.trigger][lang];
  const duration = durationInWords(rule.after, lang);
  if (duration === null) return lang === 'sv' ? `direkt efter ${trigger}` : `as soon as ${trigger}`;
  // Not expected (the contract checks the format), but a period is never hidden: show it as written.
  const amount = duration ?? rule.after;
  return lang === 'sv' ? `${amount} efter ${trigger}` : `${amount} after ${trigger}`;
}

export function actionInWords(action: RuleAction, lang: WordingLanguage): string {
  return ACTIONS[action][lang];
}

/** "Kommunstyrelsen, 2024-03-12, diarienummer KS-2024/0113, punkt 4.2" (the parts are the decision's own, in Swedish). */
export function decisionInWords(decision: RuleDecision, lang: WordingLanguage): string {
  return `${decision.body}, ${decision.date}, ${lang === 'sv' ? 'diarienummer' : 'reference'} ${decision.reference}, ${decision.section}`;
}

/**
 * The Swedish calendar day of an instant, `YYYY-MM-DD`: a rule retired at 23:30 UTC on 5 December was
 * retired on the 6th in Sweden, and the notices say so. An instant that is not one is shown as written.
 */
export function swedishDay(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  const { year, month, day } = localDateOf(at);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Both languages at once, for the JSON representation. */
export function worded(f: (lang: WordingLanguage) => string): Worded {
  return { sv: f('sv'), en: f('en') };
}
