import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a key derived (HKDF-SHA256) from a configured secret, a service's salt and a purpose
 * label: seals small secrets a service stores in its own database (private keys, sign-in state), so a
 * database dump alone does not yield them. Each sealed value is bound to its `associatedData` (e.g. the
 * key id), so it cannot be moved to another record.
 *
 * Rotation: give the current secret first and the one it replaces after it. Values are sealed with the
 * current secret and open with either; {@link reseal} turns a value sealed with the previous secret into
 * one sealed with the current, so a service can move what it stores before the previous secret is dropped.
 */
export class SecretBox {
  private readonly keys: Buffer[];

  constructor(secrets: string | readonly string[], purpose: string, salt: string) {
    const list = typeof secrets === 'string' ? [secrets] : secrets;
    if (list.length === 0) throw new Error('SecretBox needs a secret');
    this.keys = list.map((secret) => Buffer.from(hkdfSync('sha256', secret, salt, purpose, 32)));
  }

  /** `v1.<iv>.<ciphertext>.<tag>`, base64url parts, sealed with the current secret. */
  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The plaintext, with whichever secret sealed it; throws when none did (or the value was altered or moved). */
  open(sealed: string, associatedData: string): string {
    return this.openWith(sealed, associatedData).plaintext;
  }

  /**
   * The value sealed again with the current secret when a previous secret sealed it; null when the current
   * one did (nothing to do). Throws like {@link open} when no secret opens it.
   */
  reseal(sealed: string, associatedData: string): string | null {
    const { plaintext, current } = this.openWith(sealed, associatedData);
    return current ? null : this.seal(plaintext, associatedData);
  }

  private openWith(sealed: string, associatedData: string): { plaintext: string; current: boolean } {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !body || !tag) throw new Error('not a sealed value');
    let failure: unknown;
    for (const [i, key] of this.keys.entries()) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(associatedData));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plaintext = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
        return { plaintext, current: i === 0 };
      } catch (err) {
        failure = err; // the tag did not verify under this key: try the next
      }
    }
    throw failure as Error;
  }
}
