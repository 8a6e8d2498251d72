import type { JWK } from 'jose';
import { Schema } from 'mongoose';

export const RIGHTS_KEY_MODEL = 'RightsKey';
export const RIGHTS_KEYS_COLLECTION = 'keys';

/** A key pair of the service: the public half as a JWK, the private half sealed with RIGHTS_KEY_SECRET. */
export interface RightsKeyRecord {
  _id: string;
  /** `sig`: signs consent receipts (ES256); `enc`: other services encrypt request parts to it (ECDH-ES). */
  use: 'sig' | 'enc';
  alg: 'ES256' | 'ECDH-ES';
  publicJwk: JWK;
  sealedPrivateJwk: string;
  createdAt: Date;
}

export const RightsKeySchema = new Schema<RightsKeyRecord>(
  {
    _id: { type: String, required: true },
    use: { type: String, required: true },
    alg: { type: String, required: true },
    publicJwk: { type: Object, required: true },
    sealedPrivateJwk: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: RIGHTS_KEYS_COLLECTION, versionKey: false },
);
RightsKeySchema.index({ use: 1, createdAt: -1 });

/** The service's symmetric secrets, one document each, sealed with RIGHTS_KEY_SECRET like the key pairs. */
export const SEALED_SECRETS_COLLECTION = 'sealed_secrets';
/** The key consent receipts' pseudonyms are made with (HMAC-SHA256). */
export const PSEUDONYM_KEY_ID = 'receipt-pseudonym-1';

export interface SealedSecretRecord {
  _id: string;
  /** The secret, base64url, sealed with the `_id` as associated data. */
  sealed: string;
  createdAt: Date;
}
