import { Schema } from 'mongoose';

export const SIGNING_KEY_MODEL = 'SigningKey';

/** A token-signing key. The private half is sealed with IDENTITY_KEY_SECRET; the public half is published. */
export interface SigningKeyRecord {
  _id: string; // kid
  alg: 'ES256';
  publicJwk: Record<string, unknown>;
  sealedPrivateJwk: string;
  createdAt: Date;
  /** Signs from here... */
  activeFrom: Date;
  /** ...until here, when its successor takes over. */
  retireAt: Date;
  /** Published until here, so tokens it signed still verify until they expire. */
  removeAt: Date;
}

export const SigningKeySchema = new Schema<SigningKeyRecord>(
  {
    _id: { type: String, required: true },
    alg: { type: String, required: true },
    publicJwk: { type: Object, required: true },
    sealedPrivateJwk: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activeFrom: { type: Date, required: true },
    retireAt: { type: Date, required: true },
    removeAt: { type: Date, required: true },
  },
  { collection: 'signing_keys', versionKey: false },
);
SigningKeySchema.index({ removeAt: 1 }, { expireAfterSeconds: 0 });
