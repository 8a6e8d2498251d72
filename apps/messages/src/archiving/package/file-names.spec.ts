import { describe, expect, it } from '@jest/globals';

import { sanitizeFileName } from './file-names.js';

describe('sanitizeFileName', () => {
  it.each([
    ['Läkarintyg.pdf', 'Läkarintyg.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'attachment'],
    ['/abs/path.txt', '_abs_path.txt'],
    ['C:\\Users\\x.doc', 'C__Users_x.doc'],
    ['a\u0000b\u001fc.txt', 'a_b_c.txt'],
    ['evil\u202Egnp.exe', 'evil_gnp.exe'],
    ['.hidden', 'hidden'],
    ['name. ', 'name'],
    ['CON.txt', '_CON.txt'],
    ['a<b>:"c|?*.txt', 'a_b___c___.txt'],
    ['', 'attachment'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('never yields a path separator, a dot-segment or a control character', () => {
    for (const input of ['../', '/..', '.\\..', '\u0000', ' . . ', 'a/b\\c']) {
      const out = sanitizeFileName(input);
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[/\\\u0000-\u001f]/);
      expect(out).not.toMatch(/^\.\.?$/);
    }
  });

  it('truncates long names to 120 UTF-8 bytes, keeping the extension and whole code points', () => {
    const out = sanitizeFileName(`${'😀'.repeat(100)}.pdf`);
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(120);
    expect(out.endsWith('.pdf')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
  });
});
