import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

import { describe, expect, it } from '@jest/globals';

import { ZipFormatError, readZip } from './zip-reader.js';
import { ZIP_FLAG_UTF8, ZIP_METHOD_DEFLATE, ZIP_METHOD_STORE, ZipWriteError, toDosDateTime, writeZip } from './zip-writer.js';

const at = new Date('2025-03-14T09:26:53.000Z');
const text = Buffer.from('Hej hej! '.repeat(200), 'utf8');
// Incompressible but deterministic: a SHA-256 chain.
const random = Buffer.concat(Array.from({ length: 16 }, (_, i) => createHash('sha256').update(`seed-${i}`).digest()));

function sample(): Buffer {
  return writeZip(
    [
      { name: 'root/text.txt', data: text },
      { name: 'root/data/åäö 😀.bin', data: random, method: 'store' },
      { name: 'root/empty.txt', data: Buffer.alloc(0) },
    ],
    { modifiedAt: at },
  );
}

const unzipAvailable = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('writeZip', () => {
  it('uses standard CRC-32 (check value of "123456789")', () => {
    expect(crc32('123456789') >>> 0).toBe(0xcbf43926);
  });

  it('round-trips names, contents, methods, CRCs and the timestamp through the reader', () => {
    const entries = readZip(sample());
    expect(entries.map((e) => e.name)).toEqual(['root/text.txt', 'root/data/åäö 😀.bin', 'root/empty.txt']);
    expect(entries[0]!.data.equals(text)).toBe(true);
    expect(entries[0]!.method).toBe(ZIP_METHOD_DEFLATE);
    expect(entries[0]!.compressedSize).toBeLessThan(text.length);
    expect(entries[1]!.data.equals(random)).toBe(true);
    expect(entries[1]!.method).toBe(ZIP_METHOD_STORE);
    expect(entries[2]!.size).toBe(0);
    for (const entry of entries) {
      expect(entry.crc32).toBe(crc32(entry.data) >>> 0);
      expect(entry.flags & ZIP_FLAG_UTF8).toBe(ZIP_FLAG_UTF8);
      expect(entry.modifiedAt.toISOString()).toBe('2025-03-14T09:26:52.000Z'); // DOS keeps even seconds
    }
  });

  it('stores an entry that deflate cannot shrink', () => {
    const [entry] = readZip(writeZip([{ name: 'r.bin', data: random }], { modifiedAt: at }));
    expect(entry!.method).toBe(ZIP_METHOD_STORE);
  });

  it('is deterministic', () => {
    expect(sample().equals(sample())).toBe(true);
  });

  it('encodes DOS date and time from the UTC fields', () => {
    const { time, date } = toDosDateTime(new Date('1980-01-01T00:00:00Z'));
    expect({ time, date }).toEqual({ time: 0, date: (1 << 5) | 1 });
    expect(() => toDosDateTime(new Date('1979-12-31T23:59:59Z'))).toThrow(ZipWriteError);
  });

  it.each(['/etc/passwd', '../x', 'a/../b', 'a//b', 'C:/x', 'a\\b', 'a/\u0001', 'dir/', ''])('refuses the unsafe name %j', (name) => {
    expect(() => writeZip([{ name, data: text }], { modifiedAt: at })).toThrow(ZipWriteError);
  });

  it('refuses duplicate names', () => {
    expect(() =>
      writeZip(
        [
          { name: 'a', data: text },
          { name: 'a', data: text },
        ],
        { modifiedAt: at },
      ),
    ).toThrow(/duplicate/);
  });

  it('makes the reader fail on a corrupted entry', () => {
    const zip = writeZip([{ name: 'a.bin', data: random, method: 'store' }], { modifiedAt: at });
    zip[30 + 'a.bin'.length + 10]! ^= 0xff; // a byte of the stored data
    expect(() => readZip(zip)).toThrow(/CRC-32 mismatch/);
    expect(() => readZip(zip.subarray(0, zip.length - 5))).toThrow(ZipFormatError);
  });

  (unzipAvailable ? it : it.skip)('passes `unzip -t` and unzips to the same bytes (Info-ZIP)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insyn-zip-'));
    try {
      const file = join(dir, 'sample.zip');
      writeFileSync(file, sample());
      const out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(out).toMatch(/No errors detected/);
      expect(execFileSync('unzip', ['-p', file, 'root/text.txt']).equals(text)).toBe(true);
      execFileSync('unzip', ['-q', file, '-d', join(dir, 'out')]);
      expect(existsSync(join(dir, 'out', 'root', 'data', 'åäö 😀.bin'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
