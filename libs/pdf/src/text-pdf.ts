import { textWidth } from './helvetica.js';
import { PAGE_HEIGHT, PAGE_WIDTH, type PdfInfo, writePdf } from './pdf-file.js';
import { pdfString } from './win-ansi.js';

const MARGIN_X = 50;
const TOP = PAGE_HEIGHT - 50;
const BOTTOM = 60;
const FOOTER_Y = 36;
const FOOTER_SIZE = 8;
/** The usable line width in points (A4 less the margins). */
export const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
/** How much further in a wrapped line's continuations start, in points. */
export const CONTINUATION_INDENT = 12;
const MAX_INDENT = TEXT_WIDTH / 2;

/** One logical line of text; it wraps at spaces to the page width, its continuations indented. */
export interface TextLine {
  readonly text: string;
  /** Font size in points; the line height is 1.3 times it. */
  readonly size: number;
  /** Helvetica-Bold instead of Helvetica. */
  readonly bold?: boolean;
  /** Extra space above the line, in points (not at the top of a page). */
  readonly spaceBefore?: number;
  /** Left indent in points for the line and its continuations (at most half the text width). */
  readonly indent?: number;
  /** How much further in the wrapped continuations start, in points ({@link CONTINUATION_INDENT} unless set). */
  readonly continuationIndent?: number;
}

/** Lines kept on one page when they fit on one: a block that does not fit where it is starts a new page. */
export type TextBlock = readonly TextLine[];

export interface TextPdfOptions extends PdfInfo {
  /** The footer of each page, from its number (1-based) and the page count. */
  readonly footer?: (page: number, pages: number) => string;
}

interface PlacedLine {
  readonly text: string;
  readonly bold: boolean;
  readonly size: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Text as a PDF 1.4 file, written by hand: A4 pages, the standard Helvetica fonts with WinAnsiEncoding
 * (so å ä ö Å Ä Ö é print; what WinAnsi lacks prints as `?`), lines wrapped with Helvetica's widths,
 * blocks kept together where they fit, a footer per page, uncompressed content streams and an xref table.
 * Deterministic: the same blocks and options give the same bytes.
 *
 * Not PDF/A: the fonts are not embedded (a standard-14 font has no file to embed here).
 */
export function renderTextPdf(blocks: readonly TextBlock[], options: TextPdfOptions): Buffer {
  const pages = layout(blocks);
  const contents = pages.map((lines, index) =>
    Buffer.concat([
      ...lines.map((line) => textOp(line)),
      ...(options.footer
        ? [textOp({ text: options.footer(index + 1, pages.length), bold: false, size: FOOTER_SIZE, x: MARGIN_X, y: FOOTER_Y })]
        : []),
    ]),
  );
  return writePdf(contents, {
    title: options.title,
    ...(options.author !== undefined ? { author: options.author } : {}),
    createdAt: options.createdAt,
  });
}

/** Places lines on pages; a block that does not fit on the current page starts a new one if it fits there. */
function layout(blocks: readonly TextBlock[]): PlacedLine[][] {
  const pages: PlacedLine[][] = [[]];
  let y = TOP;
  const newPage = () => {
    pages.push([]);
    y = TOP;
  };
  for (const block of blocks) {
    const wrapped = block.map((line) => ({ line, parts: wrap(line) }));
    const height = wrapped.reduce((sum, { line, parts }) => sum + (line.spaceBefore ?? 0) + parts.length * leading(line), 0);
    if (y - height < BOTTOM && TOP - height >= BOTTOM && y !== TOP) newPage();
    for (const { line, parts } of wrapped) {
      if (y !== TOP) y -= line.spaceBefore ?? 0;
      parts.forEach((text, index) => {
        if (y - leading(line) < BOTTOM) newPage();
        y -= leading(line);
        const x = MARGIN_X + indentOf(line) + (index === 0 ? 0 : continuationOf(line));
        pages.at(-1)!.push({ text, bold: line.bold ?? false, size: line.size, x, y });
      });
    }
  }
  return pages;
}

function leading(line: TextLine): number {
  return line.size * 1.3;
}

function indentOf(line: TextLine): number {
  return Math.min(Math.max(line.indent ?? 0, 0), MAX_INDENT);
}

function continuationOf(line: TextLine): number {
  return Math.min(Math.max(line.continuationIndent ?? CONTINUATION_INDENT, 0), MAX_INDENT);
}

/** Splits at spaces to fit the text width; a word wider than a line is cut by character. */
export function wrap(line: TextLine): string[] {
  const parts: string[] = [];
  let current = '';
  const width = TEXT_WIDTH - indentOf(line);
  const fits = (text: string, index: number) => textWidth(text, line.size, line.bold) <= width - (index === 0 ? 0 : continuationOf(line));
  for (const word of line.text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fits(candidate, parts.length)) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = '';
    if (fits(word, parts.length)) {
      current = word;
      continue;
    }
    for (const char of word) {
      if (current !== '' && !fits(current + char, parts.length)) {
        parts.push(current);
        current = '';
      }
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function textOp(line: PlacedLine): Buffer {
  return Buffer.concat([
    Buffer.from(`BT /${line.bold ? 'F2' : 'F1'} ${num(line.size)} Tf ${num(line.x)} ${num(line.y)} Td `, 'latin1'),
    pdfString(line.text),
    Buffer.from(' Tj ET\n', 'latin1'),
  ]);
}

function num(n: number): string {
  return Number(n.toFixed(2)).toString();
}
