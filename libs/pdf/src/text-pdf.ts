import { dejaVu, glyphRun, textWidth } from './fonts.js';
import { embedFont, PAGE_HEIGHT, PAGE_WIDTH, type PdfInfo, type StructElement, type StructRole, writePdf } from './pdf-file.js';

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
  /** DejaVu Sans Bold instead of DejaVu Sans. */
  readonly bold?: boolean;
  /** What the line is in the document's structure: a heading level or a paragraph (`P`, the default). */
  readonly role?: StructRole;
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
  /** The logical line (structure element) this part of it belongs to. */
  readonly element: number;
  readonly text: string;
  readonly bold: boolean;
  readonly size: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Text as a PDF/A-2a file, written by hand: A4 pages, DejaVu Sans and DejaVu Sans Bold embedded as subsets
 * with Unicode mappings (so å ä ö, Sami letters and any character the fonts have print and can be searched
 * and copied; what they lack prints as `?`), lines wrapped with the fonts' widths, blocks kept together
 * where they fit, a footer per page, uncompressed content streams and an xref table.
 *
 * Tagged: each logical line is a structure element (its `role`, `P` unless a heading) whose wrapped parts
 * are marked content on the pages, in reading order; the footers are pagination artifacts. Deterministic:
 * the same blocks and options give the same bytes.
 */
export function renderTextPdf(blocks: readonly TextBlock[], options: TextPdfOptions): Buffer {
  const { lines: pages, roles } = layout(blocks);
  const footers = pages.map((_, index) =>
    options.footer
      ? { element: -1, text: options.footer(index + 1, pages.length), bold: false, size: FOOTER_SIZE, x: MARGIN_X, y: FOOTER_Y }
      : undefined,
  );
  const used = { regular: new Map<number, string>(), bold: new Map<number, string>() };
  for (const line of [...pages.flat(), ...footers]) {
    if (line) for (const { char, glyph } of glyphRun(line.text, line.bold)) (line.bold ? used.bold : used.regular).set(glyph, char);
  }
  const fonts = { regular: embedFont(dejaVu().regular, used.regular), bold: embedFont(dejaVu().bold, used.bold) };
  const parts = roles.map((): { page: number; mcid: number }[] => []);
  const contents = pages.map((lines, page) => {
    const ops = lines.map((line, mcid) => {
      parts[line.element]!.push({ page, mcid });
      return `/${roles[line.element]} <</MCID ${mcid}>> BDC ${textOp(line, fonts)} EMC\n`;
    });
    const footer = footers[page];
    if (footer) ops.push(`/Artifact <</Type /Pagination /Subtype /Footer>> BDC ${textOp(footer, fonts)} EMC\n`);
    return Buffer.from(ops.join(''), 'latin1');
  });
  const elements: StructElement[] = roles.map((role, i) => ({ role, parts: parts[i]! }));
  return writePdf({
    title: options.title,
    ...(options.author !== undefined ? { author: options.author } : {}),
    createdAt: options.createdAt,
    contents,
    fonts,
    elements,
  });
}

/** Places lines on pages; a block that does not fit on the current page starts a new one if it fits there. */
function layout(blocks: readonly TextBlock[]): { lines: PlacedLine[][]; roles: StructRole[] } {
  const pages: PlacedLine[][] = [[]];
  const roles: StructRole[] = [];
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
      const element = roles.push(line.role ?? 'P') - 1;
      if (y !== TOP) y -= line.spaceBefore ?? 0;
      parts.forEach((text, index) => {
        if (y - leading(line) < BOTTOM) newPage();
        y -= leading(line);
        const x = MARGIN_X + indentOf(line) + (index === 0 ? 0 : continuationOf(line));
        pages.at(-1)!.push({ element, text, bold: line.bold ?? false, size: line.size, x, y });
      });
    }
  }
  return { lines: pages, roles };
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

/** A text object showing the line's glyphs as two-byte CIDs of the embedded subset (Identity-H). */
function textOp(line: Omit<PlacedLine, 'element'>, fonts: Parameters<typeof writePdf>[0]['fonts']): string {
  const font = line.bold ? fonts.bold : fonts.regular;
  const cids = glyphRun(line.text, line.bold).map(({ glyph }) => font.newGlyph.get(glyph)!.toString(16).toUpperCase().padStart(4, '0'));
  return `BT /${line.bold ? 'F2' : 'F1'} ${num(line.size)} Tf ${num(line.x)} ${num(line.y)} Td <${cids.join('')}> Tj ET`;
}

function num(n: number): string {
  return Number(n.toFixed(2)).toString();
}
