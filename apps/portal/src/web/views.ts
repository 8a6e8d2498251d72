import { Injectable } from '@nestjs/common';
import nunjucks from 'nunjucks';
import path from 'node:path';
import { type Lang, localized, translate } from './i18n.js';
import type { OfficialArea } from './official-areas.js';
import { PortalTheme } from './theme.js';

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../views');
export const ASSETS_DIR = path.resolve(import.meta.dirname, '../../assets');

/** What every page gets: the language, the theme, who is signed in, the CSRF token. */
export interface PageContext {
  lang: Lang;
  path: string;
  csrf: string;
  /** Who is signed in; an official's work pages (by her roles) for the menu. */
  user?: { name?: string; kind: string; areas?: OfficialArea[] };
  idleMinutes: number;
}

/** Server-side templates (nunjucks, autoescaped): every string from the message catalogue. */
@Injectable()
export class Views {
  private readonly env: nunjucks.Environment;

  constructor(private readonly theme: PortalTheme) {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: process.env.NODE_ENV === 'development' }), {
      autoescape: true,
      throwOnUndefined: false,
    });
    this.env.addFilter('date', (value: string | Date | undefined, lang: Lang, withTime?: boolean) => {
      if (!value) return '';
      const d = typeof value === 'string' ? new Date(value) : value;
      return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', {
        timeZone: 'Europe/Stockholm',
        dateStyle: 'long',
        ...(withTime ? { timeStyle: 'short' } : {}),
      }).format(d);
    });
  }

  render(template: string, page: PageContext, values: Record<string, unknown> = {}): string {
    const t = (id: string, v?: Record<string, string | number>) => translate(page.lang, id, v);
    const l10n = (v: { sv?: string; en?: string } | undefined) => localized(v, page.lang);
    return this.env.render(template, { ...values, page, lang: page.lang, theme: this.theme.theme, t, l10n });
  }
}
