import { crc32, inflateRawSync } from 'node:zlib';

import {
  ZIP_CENTRAL_HEADER_SIG,
  ZIP_END_SIG,
  ZIP_FLAG_UTF8,
  ZIP_LOCAL_HEADER_SIG,
  ZIP_METHOD_DEFLATE,
  ZIP_METHOD_STORE,
  assertSafeEntryName,
  fromDosDateTime,
} from './zip-writer.js';

/**
 * Reads the zips `writeZip` produces, and other plain (non-ZIP64, unencrypted, stored/deflated) zips.
 * Strict on purpose: it is the self-check before a package leaves us, so every entry's local header must
 * agree with the central directory, every size and CRC-32 must match, and unsafe names are rejected.
 */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  modifiedAt: Date;
  data: Buffer;
}

export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const END_MIN = 22;
const MAX_COMMENT = 0xffff;

export function readZip(zip: Buffer): ZipEntry[] {
  const endAt = findEndRecord(zip);
  const count = zip.readUInt16LE(endAt + 10);
  const centralSize = zip.readUInt32LE(endAt + 12);
  const centralOffset = zip.readUInt32LE(endAt + 16);
  if (zip.readUInt16LE(endAt + 4) !== 0 || zip.readUInt16LE(endAt + 6) !== 0 || zip.readUInt16LE(endAt + 8) !== count) {
    throw new ZipFormatError('multi-disk zips are not supported');
  }
  if (count === MAX_COMMENT || centralOffset === 0xffffffff) throw new ZipFormatError('ZIP64 is not supported');
  if (centralOffset + centralSize > endAt) throw new ZipFormatError('central directory overlaps the end record');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = centralOffset;
  for (let i = 0; i < count; i++) {
    need(zip, p, 46, 'central directory header');
    if (zip.readUInt32LE(p) !== ZIP_CENTRAL_HEADER_SIG) throw new ZipFormatError(`bad central directory signature at ${p}`);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const time = zip.readUInt16LE(p + 12);
    const date = zip.readUInt16LE(p + 14);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    need(zip, p + 46, nameLength, 'entry name');
    const nameBytes = zip.subarray(p + 46, p + 46 + nameLength);
    const name = decodeName(nameBytes, flags);
    p += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x0001) throw new ZipFormatError(`encrypted entry: ${name}`);
    if (method !== ZIP_METHOD_STORE && method !== ZIP_METHOD_DEFLATE) throw new ZipFormatError(`unsupported method ${method}: ${name}`);
    try {
      assertSafeEntryName(name);
    } catch (error) {
      throw new ZipFormatError((error as Error).message);
    }
    if (names.has(name)) throw new ZipFormatError(`duplicate entry: ${name}`);
    names.add(name);

    need(zip, localOffset, 30, 'local header');
    if (zip.readUInt32LE(localOffset) !== ZIP_LOCAL_HEADER_SIG) throw new ZipFormatError(`bad local header signature: ${name}`);
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    const localName = zip.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (!localName.equals(nameBytes) || zip.readUInt16LE(localOffset + 8) !== method) {
      throw new ZipFormatError(`local header disagrees with the central directory: ${name}`);
    }
    if ((flags & 0x0008) === 0 && (zip.readUInt32LE(localOffset + 14) !== crc || zip.readUInt32LE(localOffset + 18) !== compressedSize)) {
      throw new ZipFormatError(`local header CRC or size disagrees with the central directory: ${name}`);
    }
    const dataAt = localOffset + 30 + localNameLength + localExtraLength;
    need(zip, dataAt, compressedSize, 'entry data');
    if (dataAt + compressedSize > centralOffset) throw new ZipFormatError(`entry data overlaps the central directory: ${name}`);
    const raw = zip.subarray(dataAt, dataAt + compressedSize);

    let data: Buffer;
    if (method === ZIP_METHOD_STORE) {
      if (compressedSize !== size) throw new ZipFormatError(`stored entry sizes differ: ${name}`);
      data = Buffer.from(raw);
    } else {
      try {
        // The declared size bounds the output, so a forged header cannot inflate a bomb.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      } catch (error) {
        throw new ZipFormatError(`cannot inflate ${name}: ${(error as Error).message}`);
      }
    }
    if (data.length !== size) throw new ZipFormatError(`size mismatch for ${name}: header ${size}, data ${data.length}`);
    if (crc32(data) >>> 0 !== crc) throw new ZipFormatError(`CRC-32 mismatch for ${name}`);
    entries.push({ name, method, flags, crc32: crc, compressedSize, size, modifiedAt: fromDosDateTime(time, date), data });
  }
  if (p !== centralOffset + centralSize) throw new ZipFormatError('central directory size disagrees with the end record');
  return entries;
}

function findEndRecord(zip: Buffer): number {
  if (zip.length < END_MIN) throw new ZipFormatError('not a zip: too short');
  const stop = Math.max(0, zip.length - END_MIN - MAX_COMMENT);
  for (let at = zip.length - END_MIN; at >= stop; at--) {
    if (zip.readUInt32LE(at) === ZIP_END_SIG && at + END_MIN + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  throw new ZipFormatError('not a zip: no end of central directory record');
}

function decodeName(bytes: Buffer, flags: number): string {
  if ((flags & ZIP_FLAG_UTF8) === 0 && bytes.some((b) => b > 0x7f)) {
    throw new ZipFormatError('non-ASCII entry name without the UTF-8 flag');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ZipFormatError('entry name is not valid UTF-8');
  }
}

function need(zip: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || at + length > zip.length) throw new ZipFormatError(`truncated zip: ${what} out of bounds`);
}
