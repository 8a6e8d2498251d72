import { COMMON } from './messages/common.messages.js';
import { GALLRING } from './messages/gallring.messages.js';
import { LOGIN } from './messages/login.messages.js';
import { MESSAGES_PAGES } from './messages/messages.messages.js';
import { MINE } from './messages/mine.messages.js';
import { NOTICES } from './messages/notices.messages.js';
import { OFFICIAL } from './messages/official.messages.js';
import { RIGHTS_PAGES } from './messages/rights.messages.js';
import { SESSIONS } from './messages/sessions.messages.js';
import { START } from './messages/start.messages.js';

export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

/** Message id → its Swedish and English text. `{name}` placeholders are filled from the call's values. */
export type Catalogue = Record<string, { sv: string; en: string }>;

/** Every page group's catalogue; add yours here. Ids must be unique across catalogues. */
const CATALOGUES: Catalogue[] = [COMMON, START, LOGIN, MESSAGES_PAGES, MINE, SESSIONS, RIGHTS_PAGES, OFFICIAL, GALLRING, NOTICES];

export const MESSAGES: Catalogue = Object.assign({}, ...CATALOGUES) as Catalogue;

/** The text of a message in a language; an unknown id is a bug and throws, so tests catch it. */
export function translate(lang: Lang, id: string, values: Record<string, string | number> = {}): string {
  const entry = MESSAGES[id];
  if (!entry) throw new Error(`no message ${id}`);
  return entry[lang].replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** A text from the other services, in the page's language when it has it: `{ text, lang }` tells which it is. */
export function localized(value: { sv?: string; en?: string } | undefined, lang: Lang): { text: string; lang: Lang } {
  if (!value) return { text: '', lang };
  const text = value[lang];
  if (text) return { text, lang };
  if (value.sv) return { text: value.sv, lang: 'sv' };
  return { text: value.en ?? '', lang: 'en' };
}
