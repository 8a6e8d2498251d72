/** A line of text as a page shows it, with the marked content around it. */
export interface ShownLine {
  /** The marked-content tag: the structure role (`P`, `H1`, …) or `Artifact` for a footer. */
  readonly tag: string;
  readonly mcid?: number;
  /** The font resource: `F1` regular, `F2` bold. */
  readonly font: string;
  readonly size: number;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/**
 * The text of a PDF that {@link renderTextPdf} wrote, page by page in content order, decoded through the
 * fonts' ToUnicode CMaps: what a reader extracts. It reads only this library's own files (it follows the
 * xref table and the shapes the writer uses), for tests and checks, not PDFs in general.
 */
export function readTextPdf(pdf: Buffer): ShownLine[][] {
  const latin = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(latin)?.[1]);
  const section = latin.slice(startxref);
  const count = Number(/^xref\n0 (\d+)\n/.exec(section)?.[1]);
  const header = `xref\n0 ${count}\n`.length;
  const offsets = Array.from({ length: count }, (_, i) => Number(section.slice(header + 20 * i, header + 20 * i + 10)));
  const object = (n: number): { dict: string; stream?: Buffer } => {
    const start = offsets[n]! + `${n} 0 obj\n`.length;
    const end = latin.indexOf('\nendobj\n', start);
    const streamAt = latin.indexOf('>>\nstream\n', start);
    if (streamAt === -1 || streamAt > end) return { dict: latin.slice(start, end) };
    const dict = latin.slice(start, streamAt + 2);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const data = streamAt + '>>\nstream\n'.length;
    return { dict, stream: pdf.subarray(data, data + length) };
  };
  const ref = (dict: string, key: string): number => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);

  const trailer = section.slice(section.indexOf('trailer'));
  const pages = object(ref(object(ref(trailer, 'Root')).dict, 'Pages')).dict;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pages)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  const cmaps = new Map<number, Map<string, string>>();
  const cmapOf = (font: number) => {
    if (!cmaps.has(font)) {
      const cmap = object(ref(object(font).dict, 'ToUnicode')).stream!.toString('latin1');
      const map = new Map<string, string>();
      for (const [, cid, utf16] of cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g))
        map.set(cid!, Buffer.from(utf16!, 'hex').swap16().toString('utf16le'));
      cmaps.set(font, map);
    }
    return cmaps.get(font)!;
  };
  return kids.map((kid) => {
    const page = object(kid).dict;
    const content = object(ref(page, 'Contents')).stream!.toString('latin1');
    const fonts = { F1: ref(page, 'F1'), F2: ref(page, 'F2') };
    return [...content.matchAll(/\/(\w+) <<([^>]*)>> BDC BT \/(F\d) ([\d.]+) Tf ([\d.-]+) ([\d.-]+) Td <([0-9A-F]*)> Tj ET EMC/g)].map(
      (m) => {
        const cmap = cmapOf(fonts[m[3] as 'F1' | 'F2']);
        const mcid = /\/MCID (\d+)/.exec(m[2]!)?.[1];
        return {
          tag: m[1]!,
          ...(mcid !== undefined ? { mcid: Number(mcid) } : {}),
          font: m[3]!,
          size: Number(m[4]),
          x: Number(m[5]),
          y: Number(m[6]),
          text: (m[7]!.match(/.{4}/g) ?? []).map((cid) => cmap.get(cid) ?? '\uFFFD').join(''),
        };
      },
    );
  });
}
