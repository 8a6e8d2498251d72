import { describe, expect, it } from '@jest/globals';
import { checkAttachment, safeFileName } from './attachment-policy.js';

const policy = { maxBytes: 1000, types: ['application/pdf', 'image/png', 'image/jpeg'] };
const pdf = Buffer.from('%PDF-1.7\n...');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('attachment policy', () => {
  it('accepts a PDF and a PNG whose content matches their type', () => {
    expect(checkAttachment(0, { fileName: 'beslut.pdf', mimeType: 'application/pdf', content: pdf }, policy)).toEqual([]);
    expect(checkAttachment(1, { fileName: 'bild.png', mimeType: 'image/png', content: png }, policy)).toEqual([]);
  });

  it.each([
    [{ fileName: 'x.exe', mimeType: 'application/x-msdownload', content: Buffer.from('MZ') }, /not allowed/],
    [{ fileName: 'fake.pdf', mimeType: 'application/pdf', content: png }, /not a application\/pdf file/],
    [{ fileName: 'big.pdf', mimeType: 'application/pdf', content: Buffer.concat([pdf, Buffer.alloc(2000)]) }, /at most 1000/],
    [{ fileName: 'empty.png', mimeType: 'image/png', content: Buffer.alloc(0) }, /empty/],
    [{ fileName: 'a\u0007b.pdf', mimeType: 'application/pdf', content: pdf }, /plain file name/],
  ])('refuses %#', (file, why) => {
    const [problem] = checkAttachment(2, file, policy);
    expect(problem!.field).toBe('attachments[2]');
    expect(problem!.messages.join(' ')).toMatch(why);
  });

  it('keeps only the last path segment of a file name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\beslut.pdf')).toBe('beslut.pdf');
    expect(safeFileName('..')).toBeUndefined();
  });
});
