/** A4 in points. */
export const PAGE_WIDTH = 595;
export const PAGE_HEIGHT = 842;

/** The document information dictionary: what a reader shows as the file's properties. */
export interface PdfInfo {
  readonly title: string;
  readonly author?: string;
  /** The only date in the file: the same content and date give the same bytes. */
  readonly createdAt: Date;
}

/** A hex string in UTF-16BE with a byte order mark: exact for any text in the document information. */
function infoString(text: string): string {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/**
 * A PDF 1.4 file of A4 pages from their content streams (uncompressed), with Helvetica as /F1 and
 * Helvetica-Bold as /F2, both WinAnsiEncoding. Objects: 1 catalog, 2 page tree, 3–4 fonts, 5 info, then a
 * page and its content stream per page; an xref table with byte offsets. No ids or timestamps other than
 * `createdAt`.
 */
export function writePdf(contents: readonly Buffer[], info: PdfInfo): Buffer {
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
      `<< /Title ${infoString(info.title)} ${info.author !== undefined ? `/Author ${infoString(info.author)} ` : ''}` +
        `/Producer ${infoString('Insyn')} /CreationDate (${pdfDate}) >>`,
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
