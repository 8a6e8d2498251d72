import { createHmac } from 'node:crypto';

/**
 * The person is the subjectKey: a keyed HMAC of the personnummer (docs/design.md). Services store, index and
 * publish the key; the raw number lives only where the processing needs it. The key is deterministic
 * (the same person always gets the same key under one secret) and not reversible without the secret,
 * which also stops a dictionary attack over the small personnummer space.
 *
 * The `sk1_` prefix names the key version, so the secret can rotate: a new secret gets a new prefix and
 * stored keys can be told apart (and re-keyed) while both are in use.
 */
export class SubjectKeys {
  static readonly PREFIX = 'sk1_';
  static readonly MIN_SECRET_BYTES = 32;
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (bytes.length < SubjectKeys.MIN_SECRET_BYTES) {
      throw new RangeError(`SubjectKeys: the secret must be at least ${SubjectKeys.MIN_SECRET_BYTES} bytes (got ${bytes.length})`);
    }
    this.secret = bytes;
  }

  /** The subject key of a 12-digit personnummer or samordningsnummer (`YYYYMMDDNNNC`, no separator). */
  of(personnummer12: string): string {
    // One form only: a 10-digit or hyphenated number would give the same person a second key.
    if (!/^\d{12}$/.test(personnummer12)) throw new TypeError('SubjectKeys.of: expected 12 digits without separator');
    return SubjectKeys.PREFIX + createHmac('sha256', this.secret).update(personnummer12, 'ascii').digest('base64url');
  }
}
