import { describe, expect, it } from '@jest/globals';

import { dejaVu } from './fonts.js';

/** The table directory of an sfnt file: tag → [offset, length]. */
function tables(file: Buffer): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < file.readUInt16BE(4); i++) {
    const at = 12 + 16 * i;
    out.set(file.toString('latin1', at, at + 4), [file.readUInt32BE(at + 8), file.readUInt32BE(at + 12)]);
  }
  return out;
}

function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

describe('TrueTypeFont', () => {
  const { regular, bold } = dejaVu();

  it('reads DejaVu Sans: units per em, glyph count, cmap and advance widths', () => {
    expect(regular.unitsPerEm).toBe(2048);
    expect(regular.numGlyphs).toBeGreaterThan(5000);
    expect(regular.glyph('A')).toBe(36);
    for (const c of 'åäöÅÄÖéČŊŧ–·•§') expect(regular.glyph(c)).toBeGreaterThan(0);
    expect(regular.glyph('😀')).toBeUndefined(); // outside the BMP and not in the font
    expect(regular.width(regular.glyph(' ')!)).toBe(318);
    expect(bold.width(bold.glyph('m')!)).toBeGreaterThan(regular.width(regular.glyph('m')!));
  });

  it('subsets with .notdef first, the glyphs renumbered in order, and a composite glyph’s parts after them', () => {
    const a = regular.glyph('a')!;
    const ae = regular.glyph('ä')!; // a composite of "a" and the dieresis in DejaVu Sans
    const { file, newGlyph } = regular.subset([ae, a]);
    expect(newGlyph.get(0)).toBe(0);
    expect(newGlyph.get(ae)).toBe(1);
    expect(newGlyph.get(a)).toBe(2); // listed, so not added again as a part
    expect(newGlyph.size).toBe(4); // the dieresis came with ä
    const dir = tables(file);
    expect([...dir.keys()]).toEqual(['OS/2', 'cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post', 'prep']);
    const table = (tag: string) => file.subarray(dir.get(tag)![0], dir.get(tag)![0] + dir.get(tag)![1]);
    expect(table('maxp').readUInt16BE(4)).toBe(4);
    expect(table('hhea').readUInt16BE(34)).toBe(4);
    expect(table('head').readInt16BE(50)).toBe(1); // long loca
    expect(table('loca').length).toBe(4 * 5);
    expect(Math.round((table('hmtx').readUInt16BE(4 * 1) * 1000) / 2048)).toBe(regular.width(ae));
    // The composite's parts point at the subset's numbers.
    const loca = table('loca');
    const glyph = table('glyf').subarray(loca.readUInt32BE(4), loca.readUInt32BE(8));
    expect(glyph.readInt16BE(0)).toBeLessThan(0);
    expect(glyph.readUInt16BE(12)).toBeLessThan(4);
    // The whole file sums to the magic number, each table to its directory checksum.
    expect(checksum(file)).toBe(0xb1b0afba);
    for (let i = 0; i < dir.size; i++) {
      const at = 12 + 16 * i;
      const [offset, length] = [file.readUInt32BE(at + 8), file.readUInt32BE(at + 12)];
      if (file.toString('latin1', at, at + 4) !== 'head')
        expect(file.readUInt32BE(at + 4)).toBe(checksum(file.subarray(offset, offset + length)));
    }
    expect(file.length).toBeLessThan(40_000);
  });

  it('gives the same subset for the same glyphs', () => {
    const glyphs = [...'Åsa Öberg'].map((c) => regular.glyph(c)!);
    expect(regular.subset(glyphs).file.equals(regular.subset(glyphs).file)).toBe(true);
  });
});
