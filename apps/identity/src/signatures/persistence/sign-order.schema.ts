import { Schema } from 'mongoose';

export const SIGN_ORDER_MODEL = 'SignOrder';

export type SignOrderStatus = 'pending' | 'failed' | 'complete' | 'cancelled';

/**
 * A signing in progress for a signed-in citizen, shared by every instance. The handle she holds is stored
 * only as its hash and works only with her own token (subject key); the text is kept only as its digest;
 * the order's secrets and, once complete, the assertion and evidence are sealed; the record expires.
 */
export interface SignOrderRecord {
  _id: string; // sha256(order handle)
  /** Whose order: the subject key of the token that started it. Another person's token finds nothing. */
  subjectKey: string;
  provider: 'bankid';
  method: 'qr' | 'same-device';
  status: SignOrderStatus;
  hintCode?: string;
  /** SHA-256 (base64url) of the text to sign, as UTF-8. */
  textDigest: string;
  /** Sealed StartedOrder (QR secret). */
  sealedOrder: string;
  /** Sealed SignResult, once complete. */
  sealedResult?: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export const SignOrderSchema = new Schema<SignOrderRecord>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    provider: { type: String, required: true },
    method: { type: String, required: true },
    status: { type: String, required: true },
    hintCode: String,
    textDigest: { type: String, required: true },
    sealedOrder: { type: String, required: true },
    sealedResult: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sign_orders', versionKey: false },
);
SignOrderSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
