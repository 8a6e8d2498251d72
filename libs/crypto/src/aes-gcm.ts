import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError } from './errors.js';

// Internal AES-256-GCM sealing shared by the envelope cipher and the key ring; not exported by index.ts.

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

/** `header || IV(12) || ciphertext || tag(16)`; the header is authenticated as part of the associated data. */
export function seal(key: Buffer, plaintext: Buffer, header: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, aad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, body, cipher.getAuthTag()]);
}

/** Opens what `seal` produced, or throws DecryptionError; unauthenticated plaintext is never returned. */
export function open(key: Buffer, sealed: Uint8Array, header: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < header.length + IV_BYTES + TAG_BYTES) throw new DecryptionError('decryption failed: the ciphertext is too short');
  if (!bytes.subarray(0, header.length).equals(header)) {
    throw new DecryptionError('decryption failed: unknown ciphertext format or version');
  }
  const iv = bytes.subarray(header.length, header.length + IV_BYTES);
  const body = bytes.subarray(header.length + IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.concat([header, aad]));
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(body);
  try {
    decipher.final();
  } catch (error) {
    plaintext.fill(0);
    throw new DecryptionError(undefined, { cause: error });
  }
  return plaintext;
}

/** Unambiguous associated data from several strings: each part is a 4-byte big-endian length and its UTF-8. */
export function encodeAad(...parts: string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

export function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new RangeError(`expected a ${KEY_BYTES}-byte AES-256 key (got ${Buffer.isBuffer(key) ? `${key.length} bytes` : typeof key})`);
  }
  // A zeroed key is a key that was erased (DataKeyCache eviction, caller cleanup): using it would encrypt
  // with a constant key. Checked without an early exit so the time taken does not depend on the key.
  let any = 0;
  for (const byte of key) any |= byte;
  if (any === 0) throw new RangeError('the key is all zeros: it has been erased and must not be used');
}

export function assertNonEmpty(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${what} must be a non-empty string`);
}

/** A copy in memory of its own (Buffer.alloc never uses the shared pool), so `fill(0)` erases only it. */
export function privateCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.alloc(bytes.length);
  copy.set(bytes);
  return copy;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Strict base64url (no padding, no other alphabet); undefined when the text is not base64url. */
export function fromBase64Url(text: string): Buffer | undefined {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url');
}
