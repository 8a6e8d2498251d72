import type { JWK } from 'jose';
import { Schema } from 'mongoose';

export const MESSAGES_KEY_MODEL = 'MessagesKey';

/**
 * The service's key pair that identity encrypts person assertions to (ECDH-ES, P-256): the public half as a
 * JWK, the private half encrypted with a data key that the key-encryption key wraps (as conversation keys are).
 */
export interface MessagesKeyRecord {
  _id: string;
  use: 'enc';
  alg: 'ECDH-ES';
  publicJwk: JWK;
  kekId: string;
  wrappedKey: string;
  sealedPrivateJwk: string;
  createdAt: Date;
}

export const MessagesKeySchema = new Schema<MessagesKeyRecord>(
  {
    _id: { type: String, required: true },
    use: { type: String, required: true },
    alg: { type: String, required: true },
    publicJwk: { type: Object, required: true },
    kekId: { type: String, required: true },
    wrappedKey: { type: String, required: true },
    sealedPrivateJwk: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'keys', versionKey: false },
);
