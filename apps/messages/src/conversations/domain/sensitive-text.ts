import type { ContractViolation } from '@insyn/contracts';
import unhomoglyph from 'unhomoglyph';

/**
 * Something shaped like a personnummer or samordningsnummer: a date (YYMMDD, with or without century)
 * and four digits, with no separator or any run of up to three of them between (space, dash of any kind,
 * minus, plus, underscore, dot, slash). The date must be plausible (month 00–12, day 00–31 or 60–91 for a
 * samordningsnummer), so a case number such as 123456 7890 is not taken for one. The check digit is not
 * required: a mistyped number still identifies a person.
 */
const PERSONNUMMER = /(?<!\d)(\d{8}|\d{6})[\s\p{Pd}\u2212+_./]{0,3}(\d{4})(?!\d)/gu;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const PHONE = /(?<!\d)(?:\+46|0)[\s-]?\d{1,3}(?:[\s-]?\d{2,3}){2,4}(?!\d)/;

function plausibleDate(yymmdd: string): boolean {
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  return month <= 12 && (day <= 31 || (day >= 60 && day <= 91));
}

function hasPersonnummer(text: string): boolean {
  for (const m of text.matchAll(PERSONNUMMER)) if (plausibleDate(m[1]!.slice(-6))) return true;
  return false;
}

/**
 * The text as it looks, not as it is encoded: compatibility forms folded (NFKC: full-width letters and
 * digits, ligatures), format characters removed (\p{Cf}: zero-width spaces and joiners, soft hyphens,
 * direction marks), so that `miss\u200bbruk` reads as `missbruk`.
 */
export function visibleText(text: string): string {
  return text.normalize('NFKC').replace(/\p{Cf}/gu, '');
}

/**
 * The UTS #39 skeleton of the visible text in one case: every character replaced by its prototype in
 * Unicode's confusables table (`unhomoglyph`, generated from confusables.txt), so Cyrillic `і` and Greek
 * `ο` read as Latin `i` and `o`. Decomposed first (NFD), as UTS #39 does, so `å` is `a` plus a combining
 * ring. Skeletons are compared, not read (`m` becomes `rn`). The table is case-sensitive (Cyrillic `Т` is
 * `T`, but lower-case `т` is no `t`; Latin `I` is `l`), so text and terms are compared in both cases.
 */
export function skeleton(text: string, letterCase: 'lower' | 'upper' = 'lower'): string {
  const visible = visibleText(text);
  return unhomoglyph((letterCase === 'lower' ? visible.toLowerCase() : visible.toUpperCase()).normalize('NFD'));
}

/**
 * Words that reveal a special category of personal data or a case type (GDPR art. 9, OSL 26 kap.):
 * a subject line or a notification must not carry them. Not exhaustive; a unit's own words are added
 * with `extraTerms`. Matching is case-insensitive on word starts, so inflected forms are caught.
 */
export const SENSITIVE_TERMS = [
  'missbruk',
  'beroende',
  'psykiatri',
  'psykisk',
  'diagnos',
  'sjukdom',
  'hiv',
  'abort',
  'graviditet',
  'lvu',
  'lvm',
  'orosanmälan',
  'barnavård',
  'placering',
  'familjehem',
  'skyddat boende',
  'våld',
  'bistånd',
  'försörjningsstöd',
  'skuld',
  'brott',
  'dom ',
  'polisanmälan',
  'religion',
  'etnisk',
  'sexuell',
  'fackförening',
];

/**
 * Why `text` must not go where a personnummer may not (a case reference travels in events and webhooks):
 * something shaped like one, as the text looks. Empty when there is none.
 */
export function personnummerContent(text: string, field: string): ContractViolation[] {
  return hasPersonnummer(visibleText(text)) ? [{ field, messages: ['contains something shaped like a personnummer'] }] : [];
}

/**
 * Why `text` must not be shown outside the secure channel; empty when it may. Checked as the text looks
 * (see {@link visibleText} and {@link skeleton}), so invisible characters and look-alike letters do not
 * slip a term or a number past.
 */
export function sensitiveContent(text: string, field: string, extraTerms: string[] = []): ContractViolation[] {
  const messages: string[] = [];
  const visible = visibleText(text);
  if (hasPersonnummer(visible)) messages.push('contains something shaped like a personnummer');
  if (EMAIL.test(visible)) messages.push('contains an e-mail address');
  if (PHONE.test(visible)) messages.push('contains a phone number');
  const lower = ` ${skeleton(text, 'lower')} `;
  const upper = ` ${skeleton(text, 'upper')} `;
  const found = [...SENSITIVE_TERMS, ...extraTerms].filter((t) => {
    const [inLower, inUpper] = termPatterns(t);
    return inLower.test(lower) || inUpper.test(upper);
  });
  if (found.length)
    messages.push(`reveals sensitive matters (${found.map((t) => t.trim().toLowerCase()).join(', ')}); keep those in the message body`);
  return messages.length ? [{ field, messages }] : [];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term's skeletons (lower and upper case) at a word start: a letter or combining mark before it makes it part of a word. */
const patterns = new Map<string, [RegExp, RegExp]>();
function termPatterns(term: string): [RegExp, RegExp] {
  let found = patterns.get(term);
  if (!found) {
    const at = (letterCase: 'lower' | 'upper') => new RegExp(`(^|[^\\p{L}\\p{M}])${escape(skeleton(term, letterCase))}`, 'u');
    found = [at('lower'), at('upper')];
    if (patterns.size < 1000) patterns.set(term, found);
  }
  return found;
}
