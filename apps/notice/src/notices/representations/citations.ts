import { isSfsCitation, type Language, type LawCitation, type SfsCitation } from '../domain/notice.model.js';
import { pick } from './labels.js';

/** "2 kap. 2 § 1 p. lag (2018:218) med …" in Swedish; "Chapter 2 section 2 point 1, … (SFS 2018:218)" in English. */
export function formatSfs(c: SfsCitation, lang: Language): string {
  const label = pick(c.label, lang).text;
  const section = c.section !== undefined ? `${c.section}${c.sectionLetter ? ` ${c.sectionLetter}` : ''}` : undefined;
  if (lang === 'sv') {
    const parts = [
      c.chapter !== undefined ? `${c.chapter} kap.` : '',
      section !== undefined ? `${section} §` : '',
      c.point !== undefined ? `${c.point} p.` : '',
    ];
    return `${parts.filter(Boolean).join(' ')} ${label} (${c.sfs})`.trim();
  }
  const parts = [
    c.chapter !== undefined ? `Chapter ${c.chapter}` : '',
    section !== undefined ? `section ${section}` : '',
    c.point !== undefined ? `point ${c.point}` : '',
  ];
  const where = parts.filter(Boolean).join(' ');
  return `${where ? `${where}, ` : ''}${label} (SFS ${c.sfs})`;
}

export function formatCitation(c: LawCitation, lang: Language): string {
  if (isSfsCitation(c)) return formatSfs(c, lang);
  return `${lang === 'sv' ? 'Artikel' : 'Article'} ${c.gdpr} GDPR – ${pick(c.label, lang).text}`;
}

/** A stable IRI fragment for a Swedish provision (DPV has none for Swedish law: research note §1.1). */
export function sfsIriPath(c: SfsCitation): string {
  return [
    `sfs-${c.sfs.replace(':', '-')}`,
    c.chapter !== undefined ? `kap${c.chapter}` : '',
    c.section !== undefined ? `p${c.section}${c.sectionLetter ?? ''}` : '',
    c.point !== undefined ? `pt${c.point}` : '',
  ]
    .filter(Boolean)
    .join('/');
}
