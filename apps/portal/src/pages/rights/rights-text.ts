import { type Lang, translate } from '../../web/i18n.js';

/** The kinds of data-subject request, in the order the form shows them. */
export const REQUEST_KINDS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** A provision the notice cites: Swedish law by SFS number, or a GDPR article. */
export interface LawCitation {
  sfs?: string;
  chapter?: number;
  section?: number;
  sectionLetter?: string;
  gdpr?: string;
  label?: { sv: string; en?: string };
}

/** A citation as a reader knows it: "5 kap. 1 § lag (2018:218)", "GDPR artikel 17.3 b". */
export function lawText(law: LawCitation | undefined, lang: Lang): string {
  if (!law) return '';
  if (law.gdpr) return translate(lang, 'rights.law.gdpr', { article: law.gdpr.replace(/\.([a-z])$/, ' $1') });
  const parts = [
    law.chapter !== undefined ? `${law.chapter} kap.` : '',
    law.section !== undefined ? `${law.section}${law.sectionLetter ? ` ${law.sectionLetter}` : ''} §` : '',
    `${text(law.label, lang) || 'SFS'} (${law.sfs ?? ''})`,
  ];
  return parts.filter(Boolean).join(' ');
}

/** A right as the notice service derives it from the notice's legal bases (its public JSON). */
export interface DerivedRight {
  applies: boolean;
  article: string;
  basisCodes?: string[];
  limitedBy?: { effect: string; reason?: { sv: string; en?: string }; law?: LawCitation }[];
}

const text = (v: { sv: string; en?: string } | undefined, lang: Lang): string => (v ? (lang === 'en' && v.en ? v.en : v.sv) : '');

/**
 * Why a right does not apply under a notice, in plain words with the article: a right taken away by the
 * notice (its cited law and reason), else what the GDPR says for the notice's legal bases (art. 17.3 b for
 * erasure, 20.1 and 20.3 for portability, 21.1 for objection).
 */
export function whyNotText(kind: RequestKind, right: DerivedRight | undefined, lang: Lang): string {
  const removed = right?.limitedBy?.find((o) => o.effect === 'remove');
  const name = translate(lang, `rights.kind.${kind}.name`);
  if (removed) {
    return translate(lang, 'rights.whyNot.override', {
      right: name,
      law: lawText(removed.law, lang) || '–',
      reason: text(removed.reason, lang),
    });
  }
  if (kind === 'erasure' || kind === 'portability' || kind === 'objection')
    return translate(lang, `rights.whyNot.${kind}`, { right: name, article: right?.article ?? '' });
  return translate(lang, 'rights.whyNot.other', { right: name, article: right?.article ?? '' });
}

/** A log entry's reader as the citizen sees it. */
export interface LogAccessor {
  kind: string;
  self?: boolean;
  role?: string;
  unit?: string;
  unitName?: string;
  clientId?: string;
}

const OFFICIAL_ROLES = new Set(['messages-handler', 'rights-handler', 'dpo']);

/**
 * Who read, in plain words: "Du själv", "En handläggare på Individ- och familjeomsorgen", "Verksamhetssystem
 * (case-system)". An official is described by role and unit only: the log gives nothing more, and the
 * portal would not show it.
 */
export function whoText(a: LogAccessor, lang: Lang): string {
  const unit = a.unitName ?? a.unit;
  if (a.kind === 'citizen') return translate(lang, a.self ? 'log.who.self' : 'log.who.otherCitizen');
  if (a.kind === 'client') {
    const system = translate(lang, 'log.who.system', { client: a.clientId ?? '?' });
    return unit ? translate(lang, 'log.who.atUnit', { who: system, unit }) : system;
  }
  const role = translate(lang, `log.role.${a.role && OFFICIAL_ROLES.has(a.role) ? a.role : 'other'}`);
  return unit ? translate(lang, 'log.who.atUnit', { who: role, unit }) : role;
}

/** What was read, in plain words: the conversation by its subject when she still has it. */
export function whatText(
  resource: { type: string; conversationId?: string },
  action: string,
  subjects: Map<string, string>,
  lang: Lang,
): string {
  const subject = resource.conversationId ? subjects.get(resource.conversationId) : undefined;
  const known = ['conversation', 'message', 'attachment', 'access-log'].includes(resource.type) ? resource.type : 'other';
  const what =
    known === 'access-log' || known === 'other'
      ? translate(lang, `log.what.${known}`)
      : subject
        ? translate(lang, `log.what.${known}.named`, { subject })
        : translate(lang, `log.what.${known}`);
  return action === 'download' ? translate(lang, 'log.what.downloaded', { what }) : what;
}

const PURPOSES = new Set(['egen-insyn', 'handlaggning', 'rattighetshantering', 'dataskyddstillsyn']);

/** Why, in plain words: the purpose of the notice the read falls under. */
export function whyText(purpose: string, lang: Lang): string {
  return PURPOSES.has(purpose) ? translate(lang, `log.why.${purpose}`) : purpose;
}

/** A calendar date typed in a form (YYYY-MM-DD), as the instant that day starts in Swedish time; undefined when it is no date. */
export function swedishDayStart(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  if (y < 2000 || y > 2100 || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d) return undefined;
  // Stockholm's offset that day (CET +1 or CEST +2), from the time zone database.
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' })
    .formatToParts(new Date(utc.getTime() + 12 * 3_600_000))
    .find((p) => p.type === 'timeZoneName')?.value;
  const hours = /GMT([+-])(\d{2})/.exec(offset ?? '');
  const shift = hours ? (hours[1] === '-' ? -1 : 1) * Number(hours[2]) : 1;
  return new Date(utc.getTime() - shift * 3_600_000);
}

/** The calendar day after a YYYY-MM-DD date, in the same form. */
export function nextDay(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

/** The request id in a link the rights service gives (`/v1/requests/{id}`). */
export function requestIdOf(link: unknown): string | undefined {
  return typeof link === 'string' ? /\/v1\/requests\/([A-Za-z0-9_-]{8,100})$/.exec(link)?.[1] : undefined;
}
