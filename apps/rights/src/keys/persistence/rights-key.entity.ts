import type { JWK } from 'jose';

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

/** The key consent receipts' pseudonyms are made with (HMAC-SHA256). */
export const PSEUDONYM_KEY_ID = 'receipt-pseudonym-1';

/** One of the service's symmetric secrets, sealed with RIGHTS_KEY_SECRET like the key pairs. */
export interface SealedSecretRecord {
  _id: string;
  /** The secret, base64url, sealed with the `_id` as associated data. */
  sealed: string;
  createdAt: Date;
}
