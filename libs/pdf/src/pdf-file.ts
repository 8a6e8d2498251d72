import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ASSETS_DIR } from './fonts.js';
import type { TrueTypeFont } from './truetype.js';

/** A4 in points. */
export const PAGE_WIDTH = 595;
export const PAGE_HEIGHT = 842;

/** The document's language, in the catalog (/Lang) and the XMP metadata. */
export const LANGUAGE = 'sv-SE';

/** The document information dictionary: what a reader shows as the file's properties. */
export interface PdfInfo {
  readonly title: string;
  readonly author?: string;
  /** The only date in the file: the same content and date give the same bytes. */
  readonly createdAt: Date;
}

/** Standard structure types (PDF 32000-1, 14.8.4) a line of text can have. */
export type StructRole = 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P';

/** A structure element under the Document element, and the marked-content sequences that are its text. */
export interface StructElement {
  readonly role: StructRole;
  /** Page index (0-based) and marked-content id on that page, in reading order. */
  readonly parts: readonly { readonly page: number; readonly mcid: number }[];
}

/** A font's subset as embedded: the file, its glyph renumbering, and the text each new glyph stands for. */
export interface EmbeddedFont {
  readonly font: TrueTypeFont;
  readonly file: Buffer;
  /** Original glyph id to the glyph id (= CID) in the subset. */
  readonly newGlyph: ReadonlyMap<number, number>;
  /** CID to the Unicode text it shows, for the ToUnicode CMap. */
  readonly unicode: ReadonlyMap<number, string>;
}

/** The subset of `font` with the glyphs in `used` (original glyph id → the character shown with it). */
export function embedFont(font: TrueTypeFont, used: ReadonlyMap<number, string>): EmbeddedFont {
  const glyphs = [...used.keys()].sort((a, b) => a - b);
  const { file, newGlyph } = font.subset(glyphs);
  const unicode = new Map(glyphs.map((g) => [newGlyph.get(g)!, used.get(g)!]));
  return { font, file, newGlyph, unicode };
}

export interface PdfDocument extends PdfInfo {
  /** Each page's content stream, its text in marked content and set in /F1 (regular) and /F2 (bold). */
  readonly contents: readonly Buffer[];
  readonly fonts: { readonly regular: EmbeddedFont; readonly bold: EmbeddedFont };
  /** The structure elements in reading order, children of one Document element. */
  readonly elements: readonly StructElement[];
}

/** A hex string in UTF-16BE with a byte order mark: exact for any text in the document information. */
function infoString(text: string): string {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

let iccProfile: Buffer | undefined;

/**
 * A PDF/A-2a file (ISO 19005-2, level A: tagged, Unicode text) of A4 pages, written by hand:
 * - the fonts embedded as subsets (Type0 with Identity-H over a CIDFontType2, CID = subset glyph id) with
 *   their widths and a ToUnicode CMap, so every character is extractable and searchable;
 * - XMP metadata (pdfaid part 2, conformance A, the title, author and dates as in the document
 *   information), an sRGB output intent, /Lang sv-SE, and a document ID derived from the content;
 * - the logical structure: MarkInfo /Marked, a StructTreeRoot with a Document element whose children are
 *   `elements`, each pointing at its marked content on the pages, and the ParentTree back from them.
 * Streams are uncompressed; there are no ids or timestamps other than `createdAt`, so the same document
 * gives the same bytes.
 */
export function writePdf(doc: PdfDocument): Buffer {
  iccProfile ??= readFileSync(join(ASSETS_DIR, 'sRGB.icc'));
  const pageCount = doc.contents.length;
  const iso = doc.createdAt.toISOString();
  const pdfDate = `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const xmpDate = `${iso.slice(0, 19)}Z`;

  const objects: Buffer[] = [];
  const add = (body: string | Buffer): number => objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
  const reserve = (): number => add('');
  const set = (ref: number, body: string | Buffer) => (objects[ref - 1] = typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
  const stream = (dict: string, data: Buffer) =>
    Buffer.concat([
      Buffer.from(`<< ${dict}${dict ? ' ' : ''}/Length ${data.length} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream'),
    ]);

  const catalog = reserve();
  const pagesRef = reserve();
  const structRoot = reserve();
  const documentElem = reserve();
  const parentTree = reserve();

  const author = doc.author !== undefined ? `<dc:creator><rdf:Seq><rdf:li>${xmlText(doc.author)}</rdf:li></rdf:Seq></dc:creator>` : '';
  const xmp =
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n' +
    '<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n' +
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(doc.title)}</rdf:li></rdf:Alt></dc:title>\n` +
    (author ? `${author}\n` : '') +
    `<dc:language><rdf:Bag><rdf:li>${LANGUAGE}</rdf:li></rdf:Bag></dc:language>\n` +
    `<xmp:CreateDate>${xmpDate}</xmp:CreateDate>\n<xmp:CreatorTool>Insyn</xmp:CreatorTool>\n<pdf:Producer>Insyn</pdf:Producer>\n` +
    '</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>';
  const metadata = add(stream('/Type /Metadata /Subtype /XML', Buffer.from(xmp, 'utf8')));
  const icc = add(stream('/N 3', iccProfile));
  const outputIntent = add(
    `<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile ${icc} 0 R >>`,
  );
  const info = add(
    `<< /Title ${infoString(doc.title)} ${doc.author !== undefined ? `/Author ${infoString(doc.author)} ` : ''}` +
      `/Creator ${infoString('Insyn')} /Producer ${infoString('Insyn')} /CreationDate (${pdfDate}) >>`,
  );
  const fontRefs = [doc.fonts.regular, doc.fonts.bold].map((embedded) => writeFont(embedded, add, stream));

  const pageRefs = doc.contents.map((content) => {
    const page = reserve();
    add(stream('', content));
    return page;
  });
  doc.contents.forEach((_, i) =>
    set(
      pageRefs[i]!,
      `<< /Type /Page /Parent ${pagesRef} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
        `/Resources << /Font << /F1 ${fontRefs[0]} 0 R /F2 ${fontRefs[1]} 0 R >> >> /Contents ${pageRefs[i]! + 1} 0 R ` +
        `/StructParents ${i} /Tabs /S >>`,
    ),
  );

  const marks: number[][] = doc.contents.map(() => []);
  const elementRefs = doc.elements.map((element) => {
    const ref = add(
      `<< /Type /StructElem /S /${element.role} /P ${documentElem} 0 R /K [${element.parts
        .map((p) => `<< /Type /MCR /Pg ${pageRefs[p.page]} 0 R /MCID ${p.mcid} >>`)
        .join(' ')}] >>`,
    );
    for (const p of element.parts) marks[p.page]![p.mcid] = ref;
    return ref;
  });

  set(
    catalog,
    `<< /Type /Catalog /Pages ${pagesRef} 0 R /Metadata ${metadata} 0 R /OutputIntents [${outputIntent} 0 R] ` +
      `/MarkInfo << /Marked true >> /StructTreeRoot ${structRoot} 0 R /Lang (${LANGUAGE}) ` +
      '/ViewerPreferences << /DisplayDocTitle true >> >>',
  );
  set(pagesRef, `<< /Type /Pages /Kids [${pageRefs.map((r) => `${r} 0 R`).join(' ')}] /Count ${pageCount} >>`);
  set(structRoot, `<< /Type /StructTreeRoot /K [${documentElem} 0 R] /ParentTree ${parentTree} 0 R /ParentTreeNextKey ${pageCount} >>`);
  set(documentElem, `<< /Type /StructElem /S /Document /P ${structRoot} 0 R /K [${elementRefs.map((r) => `${r} 0 R`).join(' ')}] >>`);
  set(parentTree, `<< /Nums [${marks.map((refs, i) => `${i} [${refs.map((r) => `${r} 0 R`).join(' ')}]`).join(' ')}] >>`);

  // The binary comment marks the file as binary for transfer tools (PDF 32000-1, 7.5.2).
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  // The file identifier: a digest of everything before the xref, so it changes exactly when the content does.
  const id = createHash('md5').update(Buffer.concat(parts)).digest('hex').toUpperCase();
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** The Type0 font, its CIDFontType2 descendant, descriptor, font file and ToUnicode CMap; returns the Type0's number. */
function writeFont(embedded: EmbeddedFont, add: (body: string | Buffer) => number, stream: (dict: string, data: Buffer) => Buffer): number {
  const { font, file, newGlyph, unicode } = embedded;
  const scale = (v: number) => Math.round((v * 1000) / font.unitsPerEm);
  // A subset's name starts with a tag of six capitals (PDF 32000-1, 9.6.4), here derived from its glyphs.
  const digest = createHash('sha256').update(file).digest();
  const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  const name = `${tag}+${font.postScriptName}`;
  const fontFile = add(stream(`/Length1 ${file.length}`, file));
  const [xMin, yMin, xMax, yMax] = font.bbox.map(scale);
  const descriptor = add(
    `<< /Type /FontDescriptor /FontName /${name} /Flags 32 /FontBBox [${xMin} ${yMin} ${xMax} ${yMax}] ` +
      `/ItalicAngle ${font.italicAngle} /Ascent ${scale(font.ascent)} /Descent ${scale(font.descent)} ` +
      `/CapHeight ${scale(font.capHeight)} /StemV 80 /FontFile2 ${fontFile} 0 R >>`,
  );
  const widths = [...newGlyph.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([old]) => font.width(old))
    .join(' ');
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} ` +
      `/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R ` +
      `/W [0 [${widths}]] /CIDToGIDMap /Identity >>`,
  );
  const toUnicode = add(stream('', Buffer.from(toUnicodeCMap(unicode), 'latin1')));
  return add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
}

/** A ToUnicode CMap (PDF 32000-1, 9.10.3): two-byte CIDs to the UTF-16BE text each glyph shows. */
function toUnicodeCMap(unicode: ReadonlyMap<number, string>): string {
  const entries = [...unicode.entries()].sort((a, b) => a[0] - b[0]);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    chunks.push(
      `${chunk.length} beginbfchar\n` +
        chunk.map(([cid, text]) => `<${hex4(cid)}> <${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`).join('\n') +
        '\nendbfchar',
    );
  }
  return (
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
    chunks.join('\n') +
    (chunks.length ? '\n' : '') +
    'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend'
  );
}
