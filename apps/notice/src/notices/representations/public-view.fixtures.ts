import { factory } from '../domain/notice.fixtures.js';
import type { Notice } from '../domain/notice.model.js';
import { deriveRights } from '../domain/rights.js';
import type { PublicNoticeView } from './public-view.js';

/** A published view of `factory.notice(fields)`, as version 1 of 2025-06-01 (test data, STYLE rule 20). */
export function publishedView(fields: Partial<Notice> = {}): PublicNoticeView {
  const notice = factory.notice(fields);
  return {
    ...notice,
    version: 1,
    publishedAt: '2025-06-01',
    rights: deriveRights(notice),
    publication: { version: 1, publishedAt: '2025-06-01T10:00:00.000Z' },
  };
}

/** The words of an HTML fragment, tags dropped and spaces collapsed, for phrase assertions. */
export function wordsOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

/** One `<section aria-labelledby="id">` of a rendered page, or '' when the page has none. */
export function sectionOf(html: string, id: string): string {
  return new RegExp(`<section aria-labelledby="${id}">.*?</section>`, 's').exec(html)?.[0] ?? '';
}
