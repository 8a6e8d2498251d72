import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { dejaVu, glyphRun, textWidth } from './fonts.js';
import { readTextPdf } from './read-text.js';
import { CONTINUATION_INDENT, renderTextPdf, type TextBlock, TEXT_WIDTH, wrap } from './text-pdf.js';

const options = {
  title: 'Registerutdrag – Säkra meddelanden',
  author: 'Åre kommun',
  createdAt: new Date('2026-11-23T15:30:00.000Z'),
  footer: (page: number, pages: number) => `Sidfot · sida ${page} av ${pages}`,
};

const pdftotextAvailable = (() => {
  try {
    execFileSync('which', ['pdftotext'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function pageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
  expect(text).toContain(`/Count ${pages} >>`);
  return pages;
}

/** Every shown line with its font, size and position, in content order (footers included), decoded. */
function shown(pdf: Buffer): { font: string; size: number; x: number; y: number; text: string; tag: string }[] {
  return readTextPdf(pdf).flat();
}

/** An object's body by number, found through the xref table. */
function object(pdf: Buffer, n: number): string {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  const offset = Number(
    text.slice(startxref + `xref\n0 ${/^xref\n0 (\d+)/.exec(text.slice(startxref))![1]}\n`.length + 20 * n).slice(0, 10),
  );
  return text.slice(offset + `${n} 0 obj\n`.length, text.indexOf('\nendobj\n', offset));
}

const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);

/** Checks the xref table against the file and returns the object count. */
function xrefSize(pdf: Buffer): number {
  const tail = pdf.subarray(-64).toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(tail)?.[1]);
  const section = pdf.subarray(startxref).toString('latin1');
  const [, count] = /^xref\n0 (\d+)\n/.exec(section)!;
  const headerLength = `xref\n0 ${count}\n`.length;
  for (let i = 1; i < Number(count); i++) {
    const offset = Number(section.slice(headerLength + 20 * i, headerLength + 20 * i + 10));
    expect(pdf.subarray(offset, offset + `${i} 0 obj\n`.length).toString('latin1')).toBe(`${i} 0 obj\n`);
  }
  return Number(count);
}

const paragraph = (n: number): TextBlock => [
  { text: `Rubrik ${n}`, size: 11, bold: true, spaceBefore: 10 },
  { text: 'En rad brödtext.', size: 10 },
  { text: 'En till rad brödtext.', size: 10 },
];

/** Objects every file has: catalog, pages, struct tree root, Document element, parent tree, XMP, ICC, output intent, info, two fonts of five. */
const FIXED_OBJECTS = 19;

describe('renderTextPdf', () => {
  const blocks: TextBlock[] = [
    [{ text: 'Registerutdrag', size: 18, bold: true, role: 'H1' }],
    ...Array.from({ length: 5 }, (_, i) => paragraph(i + 1)),
  ];
  const pdf = renderTextPdf(blocks, options);
  const latin = pdf.toString('latin1');
  const catalog = object(pdf, 1);

  it('is a PDF 1.7 with a binary comment and an xref table that points at every object', () => {
    expect(pdf.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...pdf.subarray(10, 14)].every((b) => b > 127)).toBe(true);
    expect(latin.endsWith('%%EOF\n')).toBe(true);
    expect(xrefSize(pdf)).toBe(FIXED_OBJECTS + 2 * pageCount(pdf) + blocks.flat().length + 1);
  });

  it('is deterministic: the same blocks and options give the same bytes, another date others (and another document ID)', () => {
    expect(renderTextPdf(blocks, options).equals(pdf)).toBe(true);
    const later = renderTextPdf(blocks, { ...options, createdAt: new Date('2026-11-24T00:00:00Z') });
    expect(later.equals(pdf)).toBe(false);
    expect(latin).toContain('/CreationDate (D:20261123153000Z)');
    const id = (file: Buffer) => /\/ID \[<([0-9A-F]{32})> <\1>\]/.exec(file.toString('latin1'))?.[1];
    expect(id(pdf)).toBeDefined();
    expect(id(later)).not.toBe(id(pdf));
  });

  it('writes the title and author as UTF-16 in the document information, and leaves out an absent author', () => {
    const utf16 = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
    expect(latin).toContain(`/Title ${utf16(options.title)} /Author ${utf16('Åre kommun')} /Creator`);
    const anonymous = renderTextPdf(blocks, { title: 'x', createdAt: options.createdAt });
    expect(anonymous.toString('latin1')).not.toContain('/Author');
    expect(anonymous.toString('utf8')).not.toContain('<dc:creator>');
    xrefSize(anonymous);
  });

  it('has XMP metadata claiming PDF/A-2a, with the title, author and date of the document information', () => {
    const metadata = object(pdf, ref(catalog, 'Metadata'));
    expect(metadata).toMatch(/^<< \/Type \/Metadata \/Subtype \/XML \/Length \d+ >>\nstream\n<\?xpacket begin="\xEF\xBB\xBF"/);
    const xmp = Buffer.from(metadata, 'latin1').toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>');
    expect(xmp).toContain(
      '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Registerutdrag – Säkra meddelanden</rdf:li></rdf:Alt></dc:title>',
    );
    expect(xmp).toContain('<dc:creator><rdf:Seq><rdf:li>Åre kommun</rdf:li></rdf:Seq></dc:creator>');
    expect(xmp).toContain('<xmp:CreateDate>2026-11-23T15:30:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<pdf:Producer>Insyn</pdf:Producer>');
    const escaped = renderTextPdf([], { title: 'A & B <C>', createdAt: options.createdAt }).toString('utf8');
    expect(escaped).toContain('>A &amp; B &lt;C&gt;</rdf:li>');
  });

  it('has an sRGB output intent, /Lang sv-SE and MarkInfo /Marked true in the catalog', () => {
    expect(catalog).toContain('/Lang (sv-SE)');
    expect(catalog).toContain('/MarkInfo << /Marked true >>');
    const intent = object(pdf, Number(/\/OutputIntents \[(\d+) 0 R\]/.exec(catalog)?.[1]));
    expect(intent).toContain('/S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1)');
    const profile = object(pdf, ref(intent, 'DestOutputProfile'));
    expect(profile).toMatch(/^<< \/N 3 \/Length \d+ >>\nstream\n/);
    expect(profile.slice(profile.indexOf('stream\n') + 7 + 36, profile.indexOf('stream\n') + 7 + 40)).toBe('acsp');
  });

  it('embeds both fonts as subsets: Type0, Identity-H, a CIDFontType2 with its widths, a font file and a ToUnicode CMap', () => {
    const page = object(pdf, Number(/\/Kids \[(\d+) 0 R/.exec(object(pdf, ref(catalog, 'Pages')))?.[1]));
    for (const [key, name] of [
      ['F1', 'DejaVuSans'],
      ['F2', 'DejaVuSans-Bold'],
    ] as const) {
      const type0 = object(pdf, ref(page, key));
      expect(type0).toMatch(new RegExp(`^<< /Type /Font /Subtype /Type0 /BaseFont /[A-Z]{6}\\+${name} /Encoding /Identity-H `));
      const cidFont = object(pdf, Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(type0)?.[1]));
      expect(cidFont).toContain('/Subtype /CIDFontType2');
      expect(cidFont).toContain('/CIDToGIDMap /Identity');
      const descriptor = object(pdf, ref(cidFont, 'FontDescriptor'));
      const file = object(pdf, ref(descriptor, 'FontFile2'));
      const length = Number(/\/Length (\d+)/.exec(file)?.[1]);
      expect(Number(/\/Length1 (\d+)/.exec(file)?.[1])).toBe(length);
      expect(length).toBeLessThan(60_000); // a subset, not the whole 700 kB font
      expect(object(pdf, ref(type0, 'ToUnicode'))).toContain('beginbfchar');
    }
  });

  it('gives every CID in the widths array the width the font file has for its glyph', () => {
    const { regular } = dejaVu();
    const text = 'En rad brödtext.';
    const run = glyphRun(text);
    expect(textWidth(text, 10)).toBeCloseTo(run.reduce((sum, g) => sum + regular.width(g.glyph), 0) / 100, 5);
    expect(regular.width(regular.glyph('m')!)).toBe(974); // DejaVu Sans: 1995/2048 em
  });

  it('prints any character the fonts have, Sami letters too, and what they lack as ?', () => {
    const odd = renderTextPdf([[{ text: 'Åsa Örjan é – Čáhci Ŋ đ ŧ ž ʼ 😀 a\u030a', size: 10 }]], options);
    expect(shown(odd)[0]!.text).toBe('Åsa Örjan é – Čáhci Ŋ đ ŧ ž ʼ ? å');
    expect(odd.includes(Buffer.from('Åsa', 'utf8'))).toBe(false); // glyph ids in the content, not bytes of the text
  });

  it('shows ( ) and \\ like any other character (hex strings need no escapes)', () => {
    const odd = renderTextPdf([[{ text: 'Se (bilaga) C:\\temp', size: 10 }]], options);
    expect(shown(odd)[0]!.text).toBe('Se (bilaga) C:\\temp');
  });

  it('uses F2 (DejaVu Sans Bold) for bold lines and F1 otherwise, at the given size', () => {
    const lines = shown(pdf);
    expect(lines[0]).toMatchObject({ font: 'F2', size: 18, x: 50, text: 'Registerutdrag' });
    expect(lines.find((l) => l.text === 'Rubrik 1')).toMatchObject({ font: 'F2', size: 11 });
    expect(lines.find((l) => l.text === 'En rad brödtext.')).toMatchObject({ font: 'F1', size: 10 });
  });

  it('tags each line with its role and an MCID, the footer as a pagination artifact', () => {
    const [page] = readTextPdf(pdf);
    expect(page![0]).toMatchObject({ tag: 'H1', mcid: 0, text: 'Registerutdrag' });
    expect(page![1]).toMatchObject({ tag: 'P', mcid: 1, text: 'Rubrik 1' });
    expect(page!.filter((l) => l.tag !== 'Artifact').map((l) => l.mcid)).toEqual(page!.slice(0, -1).map((_, i) => i));
    expect(page!.at(-1)).toEqual({ tag: 'Artifact', font: 'F1', size: 8, x: 50, y: 36, text: 'Sidfot · sida 1 av 1' });
    expect(latin).toContain('/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /F1 8 Tf 50 36 Td <');
  });

  it('has a structure tree: a Document element with an element per line, and a parent tree back from each MCID', () => {
    const root = object(pdf, ref(catalog, 'StructTreeRoot'));
    expect(root).toMatch(/^<< \/Type \/StructTreeRoot \/K \[\d+ 0 R\] \/ParentTree \d+ 0 R \/ParentTreeNextKey 1 >>$/);
    const documentElem = object(pdf, Number(/\/K \[(\d+) 0 R\]/.exec(root)?.[1]));
    expect(documentElem).toMatch(/^<< \/Type \/StructElem \/S \/Document /);
    const kids = [...documentElem.slice(documentElem.indexOf('/K [')).matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
    expect(kids).toHaveLength(blocks.flat().length);
    const pageRef = Number(/\/Kids \[(\d+) 0 R/.exec(object(pdf, ref(catalog, 'Pages')))?.[1]);
    expect(object(pdf, kids[0]!)).toBe(
      `<< /Type /StructElem /S /H1 /P ${/\/K \[(\d+) 0 R\]/.exec(root)![1]} 0 R /K [<< /Type /MCR /Pg ${pageRef} 0 R /MCID 0 >>] >>`,
    );
    expect(object(pdf, kids[1]!)).toContain('/S /P ');
    expect(object(pdf, ref(root, 'ParentTree'))).toBe(`<< /Nums [0 [${kids.map((k) => `${k} 0 R`).join(' ')}]] >>`);
    expect(object(pdf, pageRef)).toContain('/StructParents 0');
  });

  it('makes one element of a line wrapped over two pages, with a marked-content part on each', () => {
    const filler: TextBlock = Array.from({ length: 55 }, (_, i) => ({ text: `Rad ${i + 1}`, size: 10 }));
    const long = 'ord '.repeat(300).trim();
    const out = renderTextPdf([[...filler, { text: long, size: 10 }]], options); // taller than a page: runs on
    const [first, second] = readTextPdf(out);
    const lastElement = object(out, Number([...object(out, 4).matchAll(/(\d+) 0 R/g)].at(-1)![1]));
    const parts = [...lastElement.matchAll(/\/MCID (\d+)/g)].map((m) => Number(m[1]));
    const real = (lines: typeof first) => lines!.filter((l) => l.tag !== 'Artifact');
    expect(real(first).length).toBeGreaterThan(55);
    expect(parts).toEqual([...real(first).slice(55), ...real(second)].map((l) => l.mcid));
    expect(real(second)[0]).toMatchObject({ mcid: 0, tag: 'P' });
    expect(new Set(lastElement.match(/\/Pg \d+ 0 R/g)).size).toBe(2);
  });

  it('wraps long lines at spaces within the text width, continuations indented', () => {
    const text = 'Hej Anna! Välkommen till vårdcentralen på tisdag. '.repeat(8).trim();
    const parts = wrap({ text, size: 10 });
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join(' ')).toBe(text);
    parts.forEach((part, i) => expect(textWidth(part, 10)).toBeLessThanOrEqual(TEXT_WIDTH - (i === 0 ? 0 : CONTINUATION_INDENT)));
    const lines = shown(renderTextPdf([[{ text, size: 10 }]], options)).filter((l) => l.size === 10);
    expect(lines.map((l) => l.x)).toEqual([50, ...parts.slice(1).map(() => 62)]);
    expect(lines[1]!.y).toBeCloseTo(lines[0]!.y - 13, 5);
  });

  it('narrows the width by the indent, and cuts a word wider than a line by character', () => {
    const text = 'ord '.repeat(200).trim();
    expect(wrap({ text, size: 10, indent: 100 }).length).toBeGreaterThan(wrap({ text, size: 10 }).length);
    const lines = shown(renderTextPdf([[{ text, size: 10, indent: 24 }]], options)).filter((l) => l.size === 10);
    expect(lines.map((l) => l.x)).toEqual([74, ...lines.slice(1).map(() => 86)]);
    const long = 'x'.repeat(300);
    const cut = wrap({ text: long, size: 10 });
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.join('')).toBe(long);
    expect(wrap({ text: 'kort', size: 10, indent: 10_000 })).toEqual(['kort']);
  });

  it('starts continuations where continuationIndent says (a paragraph without a hanging indent)', () => {
    const text = 'ord '.repeat(200).trim();
    const flush = shown(renderTextPdf([[{ text, size: 10, continuationIndent: 0 }]], options)).filter((l) => l.size === 10);
    expect(flush.length).toBeGreaterThan(3);
    expect(flush.every((l) => l.x === 50)).toBe(true);
    const parts = wrap({ text, size: 10, continuationIndent: 0 });
    expect(parts.length).toBeLessThanOrEqual(wrap({ text, size: 10 }).length);
    parts.forEach((part) => expect(textWidth(part, 10)).toBeLessThanOrEqual(TEXT_WIDTH));
  });

  it('breaks pages, keeps a block together when it fits on a fresh page, and numbers the footers', () => {
    const many = Array.from({ length: 60 }, (_, i) => paragraph(i + 1));
    const big = renderTextPdf(many, options);
    const pages = pageCount(big);
    expect(pages).toBeGreaterThan(2);
    expect(xrefSize(big)).toBe(FIXED_OBJECTS + 2 * pages + many.flat().length + 1);
    const byPage = readTextPdf(big);
    expect(byPage).toHaveLength(pages);
    byPage.forEach((lines, index) => {
      expect(lines.at(-1)).toMatchObject({ tag: 'Artifact', text: `Sidfot · sida ${index + 1} av ${pages}` });
      // No heading is the last line of a page (its block moved to the next page whole).
      const body = lines.filter((l) => l.tag !== 'Artifact');
      expect(body.at(-1)!.text).toBe('En till rad brödtext.');
      expect(Math.min(...body.map((l) => l.y))).toBeGreaterThanOrEqual(60);
    });
  });

  it('lets a block taller than a page run on over pages', () => {
    const tall: TextBlock = Array.from({ length: 150 }, (_, i) => ({ text: `Rad ${i + 1}`, size: 10 }));
    const out = renderTextPdf([[{ text: 'Före', size: 10 }], tall], options);
    expect(pageCount(out)).toBe(3);
    const lines = shown(out).filter((l) => l.size === 10);
    expect(lines.map((l) => l.text)).toEqual(['Före', ...tall.map((l) => l.text)]);
    expect(lines[1]!.y).toBeLessThan(lines[0]!.y); // started under "Före", not on a new page
  });

  it('has no footer unless asked, and one empty page for no blocks', () => {
    const empty = renderTextPdf([], { title: 'Tom', createdAt: options.createdAt });
    expect(pageCount(empty)).toBe(1);
    expect(shown(empty)).toEqual([]);
    expect(xrefSize(empty)).toBe(FIXED_OBJECTS + 2 + 1);
    expect(object(empty, 5)).toBe('<< /Nums [0 []] >>');
  });

  (pdftotextAvailable ? it : it.skip)('reads back with pdftotext (poppler), å ä ö and parentheses intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insyn-pdf-'));
    try {
      const file = join(dir, 'test.pdf');
      writeFileSync(file, renderTextPdf([[{ text: 'Hej Åsa (och Örjan) – välkommen \\ hälsningar', size: 10 }], ...blocks], options));
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Hej Åsa (och Örjan) – välkommen \\ hälsningar');
      expect(text).toContain('Sidfot · sida 1 av 1');
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans +CID TrueType +Identity-H +yes yes yes/);
      expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans-Bold +CID TrueType +Identity-H +yes yes yes/);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toContain('Registerutdrag – Säkra meddelanden');
      expect(info).toContain('Åre kommun');
      expect(info).toMatch(/Tagged: +yes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
