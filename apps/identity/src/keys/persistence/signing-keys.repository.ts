import type { SigningKeyRecord } from './signing-key.entity.js';

/** The token-signing keys every instance shares (docs/style.md 10). */
export abstract class SigningKeysRepository {
  abstract insert(record: SigningKeyRecord): Promise<void>;
  /** The keys still published at `now` (not yet past their `removeAt`). */
  abstract findPublished(now: Date): Promise<SigningKeyRecord[]>;
  /** Replaces the sealed private key unless another instance did so first. */
  abstract replaceSealed(kid: string, sealedBefore: string, sealed: string): Promise<void>;
}
