import { randomBytes } from 'node:crypto';
import { KEY_BYTES } from './aes-gcm.js';

/**
 * A data key sealed by a key-encryption key (KEK). Stored beside the conversation (in its own collection),
 * never the plaintext data key.
 */
export type WrappedKey = {
  /** Names the KEK that wrapped the data key, so KEKs can rotate while old wrapped keys still open. */
  kekId: string;
  /** The wrapped data key, base64url. Opaque: its format belongs to the provider that made it. */
  wrapped: string;
};

/** A fresh data key and its wrapped form: store `wrapped`, use `dataKey`, then `dataKey.fill(0)`. */
export type DataKey = { dataKey: Buffer; wrapped: WrappedKey };

/**
 * The key-provider port: wraps and unwraps per-conversation data keys with a key-encryption key that
 * the messages service never stores beside the data. Used as the Nest DI token:
 * `{ provide: KeyProvider, useFactory: () => LocalFileKeyProvider.open(path) }`.
 *
 * Adapters: `LocalFileKeyProvider` (development, a key file), `StaticKeyProvider` (tests). A KMS adapter
 * (AWS KMS, Azure Key Vault, Google Cloud KMS, HashiCorp Vault transit) extends this class and must:
 * - `wrap`: encrypt the 32-byte data key under the current KMS key, passing `context` as the KMS's
 *   encryption context / additional authenticated data, so the result opens only with the same context;
 *   return the *resolved* key id or version (not an alias, which moves on rotation) as `kekId`, and the
 *   KMS ciphertext base64url-encoded as `wrapped`.
 * - `unwrap`: decrypt with the same context; a refused decryption (wrong context, altered blob) throws
 *   `DecryptionError`, an unknown or destroyed key `UnknownKekError`; transient failures (network,
 *   throttling) throw the SDK error unchanged so callers can retry. Return a fresh Buffer the caller may
 *   zero, and never log key material or the context's personal data.
 * - `currentKekId`: the key id that `wrap` uses now (resolved at start-up or cached).
 * - optionally override `generateDataKey` with the KMS's GenerateDataKey and `rewrap` with its
 *   ReEncrypt, so that on rotation the plaintext data key never leaves the KMS.
 * Calls may run concurrently.
 */
export abstract class KeyProvider {
  /** The KEK that `wrap` uses now. A wrapped key with another kekId is due for `rewrap`. */
  abstract currentKekId(): string;

  /** Wraps a 32-byte data key under the current KEK, bound to `context` (e.g. the conversation id). */
  abstract wrap(dataKey: Buffer, context: string): Promise<WrappedKey>;

  /**
   * Unwraps with the KEK the wrapped key names (old KEKs still open their keys). Throws DecryptionError
   * when the wrapped key was altered or `context` is not the one it was wrapped with, UnknownKekError
   * when the KEK is not available.
   */
  abstract unwrap(wrapped: WrappedKey, context: string): Promise<Buffer>;

  /** A new random 32-byte data key and its wrapped form. */
  async generateDataKey(context: string): Promise<DataKey> {
    const dataKey = randomBytes(KEY_BYTES);
    return { dataKey, wrapped: await this.wrap(dataKey, context) };
  }

  /** KEK rotation: unwraps with the KEK the key names and wraps again with the current one. */
  async rewrap(wrapped: WrappedKey, context: string): Promise<WrappedKey> {
    const dataKey = await this.unwrap(wrapped, context);
    try {
      return await this.wrap(dataKey, context);
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Whether a stored key may be wrapped by an older KEK than the current one, so that a rotation job has
   * anything to look for. True unless the provider knows it holds the current KEK alone.
   */
  mayHoldOlderKeks(): boolean {
    return true;
  }

  /** Whether `wrapped` was made with a KEK other than the current one (a rotation job's filter). */
  needsRewrap(wrapped: WrappedKey): boolean {
    return wrapped.kekId !== this.currentKekId();
  }
}
