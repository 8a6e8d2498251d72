import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TrueTypeFont } from './truetype.js';

/** The fonts' and colour profile's files (copied to dist/ by the build), with their licences beside them. */
export const ASSETS_DIR = join(import.meta.dirname, '../assets');

let fonts: { regular: TrueTypeFont; bold: TrueTypeFont } | undefined;

/** DejaVu Sans and DejaVu Sans Bold, read on first use: every text of a document is set in them, embedded. */
export function dejaVu(): { regular: TrueTypeFont; bold: TrueTypeFont } {
  fonts ??= {
    regular: new TrueTypeFont('DejaVuSans', readFileSync(join(ASSETS_DIR, 'DejaVuSans.ttf'))),
    bold: new TrueTypeFont('DejaVuSans-Bold', readFileSync(join(ASSETS_DIR, 'DejaVuSans-Bold.ttf'))),
  };
  return fonts;
}

/**
 * Text as characters and glyphs: composed (NFC), control characters as spaces, and a character the font
 * has no glyph for as `?` (a PDF/A file may not show the .notdef glyph).
 */
export function glyphRun(text: string, bold = false): { char: string; glyph: number }[] {
  const font = bold ? dejaVu().bold : dejaVu().regular;
  return [...text.normalize('NFC')].map((c) => {
    const char = c.codePointAt(0)! < 0x20 || c === '\x7f' ? ' ' : c;
    const glyph = font.glyph(char);
    return glyph === undefined ? { char: '?', glyph: font.glyph('?')! } : { char, glyph };
  });
}

/** Width in points of `text` in DejaVu Sans (or DejaVu Sans Bold) at `size`, from the fonts' own advance widths. */
export function textWidth(text: string, size: number, bold = false): number {
  const font = bold ? dejaVu().bold : dejaVu().regular;
  return (glyphRun(text, bold).reduce((sum, { glyph }) => sum + font.width(glyph), 0) * size) / 1000;
}
