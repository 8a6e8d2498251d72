import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer (APPNOTE 6.3.10 subset): stored or deflated entries, UTF-8 names (general purpose
 * flag bit 11), one local header per entry, a central directory and an end record. No ZIP64, no
 * encryption, no data descriptors, no directory entries (readers create folders from the paths).
 *
 * Output is deterministic: entries keep the given order, every timestamp is `modifiedAt` (its UTC
 * fields, DOS format, 2-second resolution), and "made by" and the file attributes are fixed. Deflated
 * bytes depend on the zlib build, so the same input gives the same zip on the same Node version; the CRCs
 * and the unpacked contents are the same everywhere.
 */

export type ZipMethod = 'store' | 'deflate';

export interface ZipEntryInput {
  /** Path inside the zip, `/`-separated, relative, no `.`/`..` segments. */
  name: string;
  data: Buffer;
  /** Default `deflate`; a deflated entry that would not shrink is stored instead. */
  method?: ZipMethod;
}

export interface ZipWriteOptions {
  /** The timestamp of every entry. */
  modifiedAt: Date;
}

export class ZipWriteError extends Error {
  override readonly name = 'ZipWriteError';
}

export const ZIP_METHOD_STORE = 0;
export const ZIP_METHOD_DEFLATE = 8;
export const ZIP_FLAG_UTF8 = 0x0800;
export const ZIP_LOCAL_HEADER_SIG = 0x04034b50;
export const ZIP_CENTRAL_HEADER_SIG = 0x02014b50;
export const ZIP_END_SIG = 0x06054b50;

/** Sizes, offsets and counts must fit the classic (non-ZIP64) fields. */
const MAX_U32 = 0xffffffff;
const MAX_U16 = 0xffff;
const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY = (3 << 8) | 20; // host 3 = Unix, so the external attributes below are Unix modes
const EXTERNAL_ATTRS = (0o100644 << 16) >>> 0; // regular file, rw-r--r--

export function writeZip(entries: readonly ZipEntryInput[], options: ZipWriteOptions): Buffer {
  const { time, date } = toDosDateTime(options.modifiedAt);
  if (entries.length > MAX_U16) throw new ZipWriteError(`too many entries (${entries.length}); ZIP64 is not supported`);

  const seen = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    assertSafeEntryName(entry.name);
    if (seen.has(entry.name)) throw new ZipWriteError(`duplicate entry name: ${entry.name}`);
    seen.add(entry.name);
    if (entry.data.length > MAX_U32 - 1) throw new ZipWriteError(`entry too large for a non-ZIP64 zip: ${entry.name}`);

    const nameBytes = Buffer.from(entry.name, 'utf8');
    if (nameBytes.length > MAX_U16) throw new ZipWriteError(`entry name too long: ${entry.name}`);
    const crc = crc32(entry.data) >>> 0;
    let method = ZIP_METHOD_STORE;
    let payload = entry.data;
    if ((entry.method ?? 'deflate') === 'deflate' && entry.data.length > 0) {
      const deflated = deflateRawSync(entry.data, { level: 9 });
      if (deflated.length < entry.data.length) {
        method = ZIP_METHOD_DEFLATE;
        payload = deflated;
      }
    }

    const local = Buffer.alloc(30);
    local.writeUInt32LE(ZIP_LOCAL_HEADER_SIG, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(ZIP_FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(ZIP_CENTRAL_HEADER_SIG, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(ZIP_FLAG_UTF8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk number start
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(EXTERNAL_ATTRS, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, nameBytes, payload);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + payload.length;
    if (offset > MAX_U32) throw new ZipWriteError('zip larger than 4 GiB; ZIP64 is not supported');
  }

  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  if (offset + centralSize + 22 > MAX_U32) throw new ZipWriteError('zip larger than 4 GiB; ZIP64 is not supported');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_END_SIG, 0);
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk with the central directory
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...locals, ...centrals, end]);
}

/** DOS date/time from the UTC fields of `at` (seconds are rounded down to even). Years 1980–2107 only. */
export function toDosDateTime(at: Date): { time: number; date: number } {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new ZipWriteError('invalid timestamp');
  const year = at.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new ZipWriteError(`timestamp year ${year} is outside the DOS range 1980–2107`);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  return { time, date };
}

/** The inverse of `toDosDateTime`, read as UTC. */
export function fromDosDateTime(time: number, date: number): Date {
  return new Date(Date.UTC((date >> 9) + 1980, ((date >> 5) & 0x0f) - 1, date & 0x1f, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2));
}

/**
 * Rejects names an unzip tool could turn into a path outside its target folder, or that differ between
 * systems: absolute paths, drive letters, backslashes, `.`/`..`/empty segments, control characters.
 */
export function assertSafeEntryName(name: string): void {
  if (name.length === 0) throw new ZipWriteError('empty entry name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new ZipWriteError(`absolute entry name: ${name}`);
  if (name.includes('\\')) throw new ZipWriteError(`backslash in entry name: ${name}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new ZipWriteError(`control character in entry name: ${JSON.stringify(name)}`);
  if (name.endsWith('/')) throw new ZipWriteError(`directory entries are not written: ${name}`);
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') throw new ZipWriteError(`unsafe path segment in entry name: ${name}`);
  }
}
