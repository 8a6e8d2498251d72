import type { ProtocolEntry } from './protocol-entry.js';
import { ACTION_LABEL, METHOD_LABEL, TRIGGER_LABEL, yesNo } from './protocol-labels.js';
import { type ChainBreak, verifyChain } from './verify-chain.js';

/**
 * The gallringsprotokoll as a PDF 1.4 for the archive authority, written by hand: A4 pages, the standard
 * Helvetica fonts with WinAnsiEncoding (so å ä ö Å Ä Ö é print), uncompressed content streams, an xref
 * table with byte offsets, and no timestamps or ids other than `exportedAt`: the same entries and export
 * date give the same bytes. The chain is verified while rendering and the result is printed at the end,
 * with the head hash to keep beside the document.
 *
 * Not PDF/A: the fonts are not embedded (a standard-14 font has no file to embed here). If the e-archive
 * requires PDF/A, convert on delivery.
 */
export interface ProtocolPdfOptions {
  /** The archive creator, e.g. `Socialnämnden, Exempelby kommun`. */
  readonly organisation: string;
  readonly exportedAt: Date;
}

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN_X = 50;
const TOP = PAGE_HEIGHT - 50;
const BOTTOM = 60;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CONTINUATION_INDENT = 12;

type FontName = 'F1' | 'F2';

interface Line {
  readonly text: string;
  readonly font: FontName;
  readonly size: number;
  /** Extra space above the line, in points. */
  readonly spaceBefore?: number;
}

interface PlacedLine {
  readonly text: string;
  readonly font: FontName;
  readonly size: number;
  readonly x: number;
  readonly y: number;
}

const REASON_TEXT: Record<ChainBreak, string> = {
  'hash-mismatch': 'postens hash stämmer inte med dess innehåll',
  'link-mismatch': 'postens länk (föregående hash) stämmer inte med föregående post',
  'seq-gap': 'löpnumren har en lucka eller är i fel ordning',
  'chunk-digest-mismatch': 'hashen över gallrade id stämmer inte med delkörningarna',
};

export function renderProtocolPdf(entries: readonly ProtocolEntry[], options: ProtocolPdfOptions): Buffer {
  const exportedAt = options.exportedAt.toISOString();
  const blocks: Line[][] = [
    [
      { text: 'Gallringsprotokoll', font: 'F2', size: 18 },
      { text: `Organisation: ${options.organisation}`, font: 'F1', size: 10, spaceBefore: 8 },
      { text: `Exportdatum: ${exportedAt.slice(0, 10)} ${exportedAt.slice(11, 19)} UTC`, font: 'F1', size: 10 },
      { text: `Antal poster: ${entries.length}`, font: 'F1', size: 10 },
      {
        text:
          'Protokollet innehåller inga personuppgifter om de registrerade: endast antal och SHA-256-hashar över ' +
          'gallrade id. Varje post är kedjad till föregående post genom sin hash.',
        font: 'F1',
        size: 9,
        spaceBefore: 4,
      },
    ],
    ...entries.map(entryBlock),
    verificationBlock(entries),
  ];
  const pages = layout(blocks);
  const footer = (index: number) => `Gallringsprotokoll · ${options.organisation} · sida ${index + 1} av ${pages.length}`;
  const contents = pages.map((lines, index) =>
    Buffer.concat([...lines.map((line) => textOp(line)), textOp({ text: footer(index), font: 'F1', size: 8, x: MARGIN_X, y: 36 })]),
  );
  return writePdf(contents, { title: 'Gallringsprotokoll', author: options.organisation, createdAt: options.exportedAt });
}

function entryBlock(e: ProtocolEntry): Line[] {
  const line = (text: string): Line => ({ text, font: 'F1', size: 9.5 });
  return [
    { text: `Post ${e.seq} – körning ${e.runId}`, font: 'F2', size: 11, spaceBefore: 12 },
    line(`Regel: ${e.rule.id} version ${e.rule.version}, enhet ${e.rule.unit}, informationstyp ${e.rule.informationType}`),
    line(`Åtgärd: ${ACTION_LABEL[e.rule.action]}, gallringsfrist ${e.rule.after}`),
    line(`Beslut: ${e.decision.body} ${e.decision.date}, diarienummer ${e.decision.reference}, ${e.decision.section}`),
    line(
      `Avgränsning: ${(TRIGGER_LABEL[e.selection.trigger] ?? e.selection.trigger).toLowerCase()} före ${e.selection.triggeredBefore}, tjänst ${e.selection.service}, ` +
        `kräver arkiverat: ${yesNo(e.selection.requireArchived).toLowerCase()}`,
    ),
    line(
      `Antal: kandidater ${e.counts.candidates}, gallringsstopp ${e.counts.held}, ` +
        `blockerade (ej arkiverade) ${e.counts.blocked}, gallrade ${e.counts.deleted}`,
    ),
    line(`Metod: ${METHOD_LABEL[e.method]}`),
    line(`Tid: ${e.startedAt} – ${e.finishedAt}`),
    line(`Utförd av: ${e.executedBy}, godkänd av: ${e.approvedBy}`),
    ...(e.remark !== undefined ? [line(`Anmärkning: ${e.remark}`)] : []),
    line(`Delkörningar: ${e.chunks.length}`),
    ...e.chunks.map((c) => line(`  Del ${c.chunk}: ${c.deleted} gallrade, hash ${c.deletedIdsSha256}`)),
    line(`Hash över gallrade id: ${e.deletedIdsSha256}`),
    line(`Föregående hash: ${e.previousHash}`),
    line(`Hash: ${e.hash}`),
  ];
}

function verificationBlock(entries: readonly ProtocolEntry[]): Line[] {
  const result = verifyChain(entries);
  const line = (text: string): Line => ({ text, font: 'F1', size: 10, spaceBefore: 2 });
  const heading: Line = { text: 'Verifiering av kedjan', font: 'F2', size: 12, spaceBefore: 18 };
  if (result.ok) {
    return [
      heading,
      line(`Kedjans huvud (hash för post ${result.length}): ${result.head}`),
      line(
        `Resultat: kedjan är obruten. Alla ${result.length} poster har kontrollerats: löpnummer, hashar, ` +
          'länkar och hashar över gallrade id stämmer.',
      ),
      line(
        'Kontrollera att huvudet från förra exporten finns som hash för en post ovan: då har inga tidigare poster ' +
          'ändrats eller tagits bort.',
      ),
    ];
  }
  const last = entries.at(-1);
  return [
    heading,
    line(`Sista postens lagrade hash: ${last?.hash ?? '–'}`),
    line(
      `Resultat: kedjan är BRUTEN vid post ${result.firstBrokenSeq}: ${REASON_TEXT[result.reason]}. ` +
        `Posterna från och med post ${result.firstBrokenSeq} kan inte styrkas.`,
    ),
  ];
}

/** Places lines on pages; a block that does not fit on the current page starts a new one if it fits there. */
function layout(blocks: readonly Line[][]): PlacedLine[][] {
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
        pages.at(-1)!.push({ text, font: line.font, size: line.size, x: MARGIN_X + (index === 0 ? 0 : CONTINUATION_INDENT), y });
      });
    }
  }
  return pages;
}

function leading(line: Line): number {
  return line.size * 1.3;
}

/** Splits at spaces to fit the text width; a word wider than a line is cut by character. */
function wrap(line: Line): string[] {
  const parts: string[] = [];
  let current = '';
  const fits = (text: string, index: number) =>
    textWidth(text, line.font, line.size) <= TEXT_WIDTH - (index === 0 ? 0 : CONTINUATION_INDENT);
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

// Helvetica advance widths (1/1000 em) for 0x20..0x7E, from Adobe's Helvetica AFM.
// prettier-ignore
const HELVETICA_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/**
 * Width in points. Accented letters take their base letter's width (as in Helvetica); other characters
 * count as a full em, so lines wrap early rather than overflow. Bold is about 10 % wider than regular.
 */
function textWidth(text: string, font: FontName, size: number): number {
  let units = 0;
  for (const char of text) {
    const base = char.normalize('NFD').charCodeAt(0);
    units += base >= 0x20 && base <= 0x7e ? HELVETICA_ASCII[base - 0x20]! : char === '–' || char === '§' ? 556 : 1000;
  }
  return ((units * size) / 1000) * (font === 'F2' ? 1.1 : 1);
}

// WinAnsiEncoding (PDF 32000-1 annex D) in 0x80..0x9F; 0xA0..0xFF is Latin-1 and 0x20..0x7E ASCII.
const WIN_ANSI_HIGH: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** Text as WinAnsi bytes: composed (NFC) first, control characters as spaces, anything else unmappable as `?`. */
export function toWinAnsi(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) bytes.push(0x20);
    else if (code < 0x7f || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(WIN_ANSI_HIGH[char] ?? 0x3f);
  }
  return Buffer.from(bytes);
}

/** A PDF literal string `( ... )` around WinAnsi bytes, with `\`, `(` and `)` escaped. */
export function pdfString(text: string): Buffer {
  const out: number[] = [0x28];
  for (const byte of toWinAnsi(text)) {
    if (byte === 0x5c || byte === 0x28 || byte === 0x29) out.push(0x5c);
    out.push(byte);
  }
  out.push(0x29);
  return Buffer.from(out);
}

function textOp(line: PlacedLine): Buffer {
  return Buffer.concat([
    Buffer.from(`BT /${line.font} ${num(line.size)} Tf ${num(line.x)} ${num(line.y)} Td `, 'latin1'),
    pdfString(line.text),
    Buffer.from(' Tj ET\n', 'latin1'),
  ]);
}

function num(n: number): string {
  return Number(n.toFixed(2)).toString();
}

/** A hex string in UTF-16BE with a byte order mark: exact for any text in the document information. */
function infoString(text: string): string {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/** Objects 1 catalog, 2 page tree, 3–4 fonts, 5 info, then a page and its content stream per page. */
function writePdf(contents: readonly Buffer[], info: { title: string; author: string; createdAt: Date }): Buffer {
  const pageObj = (i: number) => 6 + 2 * i;
  const iso = info.createdAt.toISOString();
  const pdfDate = `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const font = (name: string) => `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from(`<< /Type /Pages /Kids [${contents.map((_, i) => `${pageObj(i)} 0 R`).join(' ')}] /Count ${contents.length} >>`),
    Buffer.from(font('Helvetica')),
    Buffer.from(font('Helvetica-Bold')),
    Buffer.from(
      `<< /Title ${infoString(info.title)} /Author ${infoString(info.author)} /Producer ${infoString('Insyn')} ` +
        `/CreationDate (${pdfDate}) >>`,
    ),
  ];
  contents.forEach((content, i) => {
    objects.push(
      Buffer.from(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
          `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageObj(i) + 1} 0 R >>`,
      ),
      Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    );
  });

  // The binary comment marks the file as binary for transfer tools (PDF 32000-1, 7.5.2).
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
