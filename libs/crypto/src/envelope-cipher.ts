import { Injectable } from '@nestjs/common';
import { assertNonEmpty, fromBase64Url, open, seal } from './aes-gcm.js';
import { DecryptionError } from './errors.js';
import { type DataKey, KeyProvider, type WrappedKey } from './key-provider.js';

/** Format version 1: `0x01 || IV(12) || AES-256-GCM ciphertext || tag(16)`; the version byte is authenticated. */
const V1 = Buffer.of(0x01);

/**
 * Envelope encryption of message bodies and attachments with a per-conversation data key.
 *
 * Ciphertext (binary, version 1): one version byte `0x01`, a random 12-byte IV, the AES-256-GCM
 * ciphertext (as long as the plaintext) and the 16-byte tag: 29 bytes of overhead. The GCM associated
 * data is the version byte followed by the UTF-8 of `aad`. The string form is the same bytes in base64url.
 *
 * `aad` binds a ciphertext to its place, so a stored body cannot be moved to another message or
 * conversation: use e.g. `${conversationId}/${messageId}/body` or `${conversationId}/${attachmentId}`.
 * Random IVs under one data key are safe up to 2^32 encryptions, far beyond one conversation.
 *
 * Attachments are encrypted whole, as Buffers (fine for the ~25 MB limit); there is no streaming variant.
 */
@Injectable()
export class EnvelopeCipher {
  constructor(private readonly keys: KeyProvider) {}

  /** A new data key for a conversation (`context`, e.g. its id): store `wrapped`, keep `dataKey` briefly. */
  newDataKey(context: string): Promise<DataKey> {
    return this.keys.generateDataKey(context);
  }

  /** The data key of a stored wrapped key (consider a DataKeyCache in front of this). */
  openDataKey(wrapped: WrappedKey, context: string): Promise<Buffer> {
    return this.keys.unwrap(wrapped, context);
  }

  encrypt(dataKey: Buffer, plaintext: Buffer | Uint8Array | string, aad: string): Buffer {
    assertNonEmpty(aad, 'aad');
    const bytes =
      typeof plaintext === 'string'
        ? Buffer.from(plaintext, 'utf8')
        : Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
    return seal(dataKey, bytes, V1, Buffer.from(aad, 'utf8'));
  }

  /** `encrypt` as base64url, for string fields. */
  encryptToString(dataKey: Buffer, plaintext: Buffer | Uint8Array | string, aad: string): string {
    return this.encrypt(dataKey, plaintext, aad).toString('base64url');
  }

  /**
   * The plaintext, or DecryptionError when the ciphertext was altered, the key is another one or `aad`
   * differs. A string ciphertext is the base64url form.
   */
  decrypt(dataKey: Buffer, ciphertext: Buffer | Uint8Array | string, aad: string): Buffer {
    assertNonEmpty(aad, 'aad');
    const bytes = typeof ciphertext === 'string' ? fromBase64Url(ciphertext) : ciphertext;
    if (bytes === undefined) throw new DecryptionError('decryption failed: the ciphertext is not base64url');
    return open(dataKey, bytes, V1, Buffer.from(aad, 'utf8'));
  }

  /** `decrypt` of a text that was encrypted from a string. */
  decryptToString(dataKey: Buffer, ciphertext: Buffer | Uint8Array | string, aad: string): string {
    const plaintext = this.decrypt(dataKey, ciphertext, aad);
    const text = plaintext.toString('utf8');
    plaintext.fill(0);
    return text;
  }
}
