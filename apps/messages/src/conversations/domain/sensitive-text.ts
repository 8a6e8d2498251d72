import type { ContractViolation } from '@insyn/contracts';

/** Something shaped like a personnummer or samordningsnummer, with or without century and separator. */
const PERSONNUMMER = /(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)/;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const PHONE = /(?<!\d)(?:\+46|0)[\s-]?\d{1,3}(?:[\s-]?\d{2,3}){2,4}(?!\d)/;

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

/** Why `text` must not be shown outside the secure channel; empty when it may. */
export function sensitiveContent(text: string, field: string, extraTerms: string[] = []): ContractViolation[] {
  const messages: string[] = [];
  if (PERSONNUMMER.test(text)) messages.push('contains something shaped like a personnummer');
  if (EMAIL.test(text)) messages.push('contains an e-mail address');
  if (PHONE.test(text)) messages.push('contains a phone number');
  const lower = ` ${text.toLowerCase()} `;
  const found = [...SENSITIVE_TERMS, ...extraTerms.map((t) => t.toLowerCase())].filter((t) =>
    new RegExp(`(^|[^\\p{L}])${escape(t)}`, 'u').test(lower),
  );
  if (found.length) messages.push(`reveals sensitive matters (${found.map((t) => t.trim()).join(', ')}); keep those in the message body`);
  return messages.length ? [{ field, messages }] : [];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
