import type { RightsKeyRecord, SealedSecretRecord } from './rights-key.entity.js';

/** The service's key pairs and sealed secrets, which every instance shares (docs/style.md 10). */
export abstract class RightsKeysRepository {
  /** Every key pair, as stored. */
  abstract findAll(): Promise<RightsKeyRecord[]>;
  /** Stores the key pair unless one with its id is stored already (another instance's); whether this one was stored. */
  abstract insertIfAbsent(record: RightsKeyRecord): Promise<boolean>;
  /** Replaces a key pair's sealed private key, unless another instance did so first. */
  abstract replaceSealed(kid: string, sealedBefore: string, sealed: string): Promise<void>;
  /** Stores the secret unless one with its id is stored already. */
  abstract insertSecretIfAbsent(secret: SealedSecretRecord): Promise<void>;
  abstract findSecret(id: string): Promise<SealedSecretRecord | null>;
  /** Replaces a secret's sealed value, unless another instance did so first. */
  abstract replaceSealedSecret(id: string, sealedBefore: string, sealed: string): Promise<void>;
}
