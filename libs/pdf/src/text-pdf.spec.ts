import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { textWidth } from './helvetica.js';
import { CONTINUATION_INDENT, renderTextPdf, type TextBlock, TEXT_WIDTH, wrap } from './text-pdf.js';
import { pdfString, toWinAnsi } from './win-ansi.js';

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

/** Every shown string with its font, size and position, in content order. */
function shown(pdf: Buffer): { font: string; size: number; x: number; y: number; text: string }[] {
  return [...pdf.toString('latin1').matchAll(/BT \/(F\d) ([\d.]+) Tf ([\d.]+) ([\d.]+) Td \(((?:\\.|[^\\)])*)\) Tj ET/g)].map((m) => ({
    font: m[1]!,
    size: Number(m[2]),
    x: Number(m[3]),
    y: Number(m[4]),
    text: m[5]!,
  }));
}

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

describe('renderTextPdf', () => {
  const blocks: TextBlock[] = [
    [{ text: 'Registerutdrag', size: 18, bold: true }],
    ...Array.from({ length: 5 }, (_, i) => paragraph(i + 1)),
  ];
  const pdf = renderTextPdf(blocks, options);

  it('is a PDF 1.4 with an xref table that points at every object', () => {
    expect(pdf.subarray(0, 9).toString('latin1')).toBe('%PDF-1.4\n');
    expect(pdf.toString('latin1').endsWith('%%EOF\n')).toBe(true);
    expect(xrefSize(pdf)).toBe(5 + 2 * pageCount(pdf) + 1);
  });

  it('is deterministic: the same blocks and options give the same bytes, another date others', () => {
    expect(renderTextPdf(blocks, options).equals(pdf)).toBe(true);
    expect(renderTextPdf(blocks, { ...options, createdAt: new Date('2026-11-24T00:00:00Z') }).equals(pdf)).toBe(false);
    expect(pdf.toString('latin1')).toContain('/CreationDate (D:20261123153000Z)');
  });

  it('writes the title and author as UTF-16 in the document information, and leaves out an absent author', () => {
    const utf16 = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
    expect(pdf.toString('latin1')).toContain(`/Title ${utf16(options.title)} /Author ${utf16('Åre kommun')} /Producer`);
    const anonymous = renderTextPdf(blocks, { title: 'x', createdAt: options.createdAt });
    expect(anonymous.toString('latin1')).not.toContain('/Author');
    xrefSize(anonymous);
  });

  it('prints å ä ö as WinAnsi bytes, never UTF-8', () => {
    expect([...toWinAnsi('åäö ÅÄÖ é')]).toEqual([0xe5, 0xe4, 0xf6, 0x20, 0xc5, 0xc4, 0xd6, 0x20, 0xe9]);
    expect([...toWinAnsi('“–—€”•')]).toEqual([0x93, 0x96, 0x97, 0x80, 0x94, 0x95]);
    expect(toWinAnsi('a\u030a 😀 Ω\n').toString('latin1')).toBe('å ? ? ');
    expect(pdf.includes(toWinAnsi('En rad brödtext.'))).toBe(true);
    expect(pdf.includes(Buffer.from('ö', 'utf8'))).toBe(false);
    expect(pdf.toString('latin1')).toContain('/BaseFont /Helvetica /Encoding /WinAnsiEncoding');
    expect(pdf.toString('latin1')).toContain('/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding');
  });

  it('escapes ( ) and \\ in shown strings', () => {
    expect(pdfString('a(b)c\\d').toString('latin1')).toBe('(a\\(b\\)c\\\\d)');
    const odd = renderTextPdf([[{ text: 'Se (bilaga) C:\\temp', size: 10 }]], options).toString('latin1');
    expect(odd).toContain('(Se \\(bilaga\\) C:\\\\temp) Tj');
    expect(odd).not.toContain('(Se (bilaga)');
  });

  it('uses F2 (Helvetica-Bold) for bold lines and F1 otherwise, at the given size', () => {
    const lines = shown(pdf);
    expect(lines[0]).toMatchObject({ font: 'F2', size: 18, x: 50, text: 'Registerutdrag' });
    expect(lines.find((l) => l.text === 'Rubrik 1')).toMatchObject({ font: 'F2', size: 11 });
    expect(lines.find((l) => l.text === 'En rad br\xf6dtext.')).toMatchObject({ font: 'F1', size: 10 });
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
    expect(xrefSize(big)).toBe(5 + 2 * pages + 1);
    for (let page = 1; page <= pages; page++) expect(big.toString('latin1')).toContain(`(Sidfot \xb7 sida ${page} av ${pages}) Tj`);
    // Each page's stream: no heading is the last line of a page (its block moved to the next page whole).
    const streams = [...big.toString('latin1').matchAll(/stream\n([\s\S]*?)\nendstream/g)].map((m) => m[1]!);
    expect(streams).toHaveLength(pages);
    for (const stream of streams) {
      const lines = shown(Buffer.from(stream, 'latin1')).filter((l) => l.size !== 8);
      expect(lines.at(-1)!.text).toBe('En till rad br\xf6dtext.');
      expect(Math.min(...lines.map((l) => l.y))).toBeGreaterThanOrEqual(60);
    }
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
    expect(xrefSize(empty)).toBe(5 + 2 + 1);
  });

  (pdftotextAvailable ? it : it.skip)('reads back with pdftotext (poppler), å ä ö and parentheses intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insyn-pdf-'));
    try {
      const file = join(dir, 'test.pdf');
      writeFileSync(file, renderTextPdf([[{ text: 'Hej Åsa (och Örjan) – välkommen \\ hälsningar', size: 10 }], ...blocks], options));
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Hej Åsa (och Örjan) – välkommen \\ hälsningar');
      expect(text).toContain('Sidfot · sida 1 av 1');
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toContain('Registerutdrag – Säkra meddelanden');
      expect(info).toContain('Åre kommun');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
