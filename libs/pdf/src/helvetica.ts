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
 * Width in points of `text` in Helvetica (or Helvetica-Bold) at `size`. Accented letters take their base
 * letter's width (as in Helvetica); other characters count as a full em, so lines wrap early rather than
 * overflow. Bold is about 10 % wider than regular.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const char of text) {
    const base = char.normalize('NFD').charCodeAt(0);
    units += base >= 0x20 && base <= 0x7e ? HELVETICA_ASCII[base - 0x20]! : char === '–' || char === '§' ? 556 : 1000;
  }
  return ((units * size) / 1000) * (bold ? 1.1 : 1);
}
