import { Schema } from 'mongoose';

export const LOGIN_MODEL = 'Login';

export type LoginStatus = 'pending' | 'failed' | 'complete' | 'cancelled' | 'consumed';

/**
 * A sign-in in progress, shared by every instance (so any replica can answer a poll). The handle the
 * browser holds is stored only as its hash; the order's secrets and, once complete, the verified
 * identity are sealed; the record expires on its own.
 */
export interface LoginRecord {
  _id: string; // sha256(login handle)
  /** SHA-256 of the browser's binding cookie: only the browser that started may poll, cancel or finish. */
  bindingHash: string;
  provider: 'bankid' | 'freja' | 'siths';
  method: 'qr' | 'same-device' | 'redirect';
  status: LoginStatus;
  hintCode?: string;
  /** Sealed StartedOrder (BankID/Freja) or the OIDC code verifier and nonce (SITHS). */
  sealedOrder: string;
  /** Sealed VerifiedIdentity, between completion and the exchange for a session. */
  sealedIdentity?: string;
  returnTo?: string;
  /** Same device: SHA-256 of the nonce in the returnUrl the app opens; set only when the provider got a returnUrl. */
  returnNonceHash?: string;
  /** When the app brought the user back to this browser with the nonce; a session needs it when there is a nonce. */
  returnedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  lastCollectAt?: Date;
  expiresAt: Date;
}

export const LoginSchema = new Schema<LoginRecord>(
  {
    _id: { type: String, required: true },
    bindingHash: { type: String, required: true },
    provider: { type: String, required: true },
    method: { type: String, required: true },
    status: { type: String, required: true },
    hintCode: String,
    sealedOrder: { type: String, required: true },
    sealedIdentity: String,
    returnTo: String,
    returnNonceHash: String,
    returnedAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastCollectAt: Date,
    expiresAt: { type: Date, required: true },
  },
  { collection: 'logins', versionKey: false },
);
LoginSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
