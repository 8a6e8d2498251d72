// A TrueType font read just far enough to measure text, map characters to glyphs and write a subset for
// embedding in a PDF (PDF 32000-1, 9.9): the tables a PDF reader needs, with the used glyphs renumbered.

/** The glyph-related facts of a font, read once from its file. */
export class TrueTypeFont {
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  /** The font's box in glyph units: xMin, yMin, xMax, yMax. */
  readonly bbox: readonly [number, number, number, number];
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  private readonly tables = new Map<string, Buffer>();
  private readonly advances: number[] = [];
  private readonly glyphOf = new Map<number, number>();
  private readonly longLoca: boolean;

  constructor(
    readonly postScriptName: string,
    file: Buffer,
  ) {
    const count = file.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      const tag = file.toString('latin1', at, at + 4);
      const offset = file.readUInt32BE(at + 8);
      this.tables.set(tag, file.subarray(offset, offset + file.readUInt32BE(at + 12)));
    }
    const head = this.table('head');
    const hhea = this.table('hhea');
    const os2 = this.table('OS/2');
    this.unitsPerEm = head.readUInt16BE(18);
    this.bbox = [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)];
    this.longLoca = head.readInt16BE(50) === 1;
    this.numGlyphs = this.table('maxp').readUInt16BE(4);
    this.ascent = hhea.readInt16BE(4);
    this.descent = hhea.readInt16BE(6);
    this.capHeight = os2.readUInt16BE(0) >= 2 ? os2.readInt16BE(88) : this.ascent;
    this.italicAngle = this.table('post').readInt32BE(4) / 65536;
    const metrics = hhea.readUInt16BE(34);
    const hmtx = this.table('hmtx');
    for (let g = 0; g < this.numGlyphs; g++) this.advances.push(hmtx.readUInt16BE(4 * Math.min(g, metrics - 1)));
    this.readCmap();
  }

  private table(tag: string): Buffer {
    const table = this.tables.get(tag);
    if (table === undefined) throw new Error(`${this.postScriptName}: no ${tag} table`);
    return table;
  }

  /** The Unicode (3,1) subtable, format 4: segments of code points mapped by delta or through a glyph array. */
  private readCmap(): void {
    const cmap = this.table('cmap');
    const subtables = cmap.readUInt16BE(2);
    for (let i = 0; i < subtables; i++) {
      const platform = cmap.readUInt16BE(4 + 8 * i);
      const encoding = cmap.readUInt16BE(6 + 8 * i);
      const sub = cmap.subarray(cmap.readUInt32BE(8 + 8 * i));
      if (platform !== 3 || encoding !== 1 || sub.readUInt16BE(0) !== 4) continue;
      const segments = sub.readUInt16BE(6) / 2;
      const ends = 14;
      const starts = ends + 2 * segments + 2;
      const deltas = starts + 2 * segments;
      const ranges = deltas + 2 * segments;
      for (let s = 0; s < segments; s++) {
        const end = sub.readUInt16BE(ends + 2 * s);
        const start = sub.readUInt16BE(starts + 2 * s);
        const delta = sub.readInt16BE(deltas + 2 * s);
        const range = sub.readUInt16BE(ranges + 2 * s);
        for (let code = start; code <= end && code !== 0xffff; code++) {
          let glyph: number;
          if (range === 0) glyph = (code + delta) & 0xffff;
          else {
            const at = ranges + 2 * s + range + 2 * (code - start);
            glyph = sub.readUInt16BE(at);
            if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
          }
          if (glyph !== 0) this.glyphOf.set(code, glyph);
        }
      }
      return;
    }
    throw new Error(`${this.postScriptName}: no Unicode cmap (format 4)`);
  }

  /** The glyph of a character, or undefined where the font has none. */
  glyph(char: string): number | undefined {
    return this.glyphOf.get(char.codePointAt(0)!);
  }

  /** A glyph's advance width in 1/1000 em, as a PDF's /W array gives it. */
  width(glyph: number): number {
    return Math.round((this.advances[glyph]! * 1000) / this.unitsPerEm);
  }

  private glyphData(glyph: number): Buffer {
    const loca = this.table('loca');
    const at = (g: number) => (this.longLoca ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g));
    return this.table('glyf').subarray(at(glyph), at(glyph + 1));
  }

  /** The glyphs a composite glyph is built of, with the byte offsets of their indices in its data. */
  private static components(data: Buffer): { glyph: number; at: number }[] {
    if (data.length === 0 || data.readInt16BE(0) >= 0) return [];
    const out: { glyph: number; at: number }[] = [];
    let at = 10;
    for (;;) {
      const flags = data.readUInt16BE(at);
      out.push({ glyph: data.readUInt16BE(at + 2), at: at + 2 });
      at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      if (!(flags & 0x20)) return out;
    }
  }

  /**
   * A font file with .notdef and `glyphs` (old glyph ids) renumbered from 1 in the order given, plus the
   * glyphs their composites use after them; returns the file and the old-to-new glyph map. Only the tables
   * a PDF reader uses for a CIDFontType2 are kept (no cmap: the PDF maps CIDs to glyphs itself).
   */
  subset(glyphs: readonly number[]): { file: Buffer; newGlyph: ReadonlyMap<number, number> } {
    const order = [0];
    const newGlyph = new Map<number, number>([[0, 0]]);
    const add = (g: number) => {
      if (newGlyph.has(g)) return;
      newGlyph.set(g, order.length);
      order.push(g);
    };
    glyphs.forEach(add);
    for (let i = 0; i < order.length; i++) TrueTypeFont.components(this.glyphData(order[i]!)).forEach((c) => add(c.glyph));

    const glyf: Buffer[] = [];
    const loca = Buffer.alloc(4 * (order.length + 1));
    const hmtx = Buffer.alloc(4 * order.length);
    const lsbs = this.table('hmtx');
    const metrics = this.table('hhea').readUInt16BE(34);
    let offset = 0;
    order.forEach((old, i) => {
      const data = Buffer.from(this.glyphData(old));
      for (const c of TrueTypeFont.components(data)) data.writeUInt16BE(newGlyph.get(c.glyph)!, c.at);
      const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
      glyf.push(padded);
      loca.writeUInt32BE(offset, 4 * i);
      offset += padded.length;
      hmtx.writeUInt16BE(this.advances[old]!, 4 * i);
      const lsb = old < metrics ? lsbs.readInt16BE(4 * old + 2) : lsbs.readInt16BE(4 * metrics + 2 * (old - metrics));
      hmtx.writeInt16BE(lsb, 4 * i + 2);
    });
    loca.writeUInt32BE(offset, 4 * order.length);

    const head = Buffer.from(this.table('head'));
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // long loca
    const hhea = Buffer.from(this.table('hhea'));
    hhea.writeUInt16BE(order.length, 34);
    const maxp = Buffer.from(this.table('maxp'));
    maxp.writeUInt16BE(order.length, 4);
    const post = Buffer.from(this.table('post').subarray(0, 32));
    post.writeUInt32BE(0x00030000, 0); // version 3: no glyph names
    const tables = new Map<string, Buffer>([
      ['OS/2', this.table('OS/2')],
      ['cvt ', this.table('cvt ')],
      ['fpgm', this.table('fpgm')],
      ['glyf', Buffer.concat(glyf)],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
      ['name', this.table('name')],
      ['post', post],
      ['prep', this.table('prep')],
    ]);
    const file = writeFontFile(tables);
    const headAt = [...Array(tables.size).keys()].map((i) => 12 + 16 * i).find((at) => file.toString('latin1', at, at + 4) === 'head')!;
    file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, file.readUInt32BE(headAt + 8) + 8);
    return { file, newGlyph };
  }
}

function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** An sfnt file of `tables` (in tag order), each 4-byte aligned, with its directory and checksums. */
function writeFontFile(tables: ReadonlyMap<string, Buffer>): Buffer {
  const count = tables.size;
  const log2 = Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(16 * 2 ** log2, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(16 * count - 16 * 2 ** log2, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  [...tables.keys()].sort().forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + 16 * i;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}
