import { Schema } from 'mongoose';
import type { SigningKeyRecord } from './signing-key.entity.js';

export const SIGNING_KEY_MODEL = 'SigningKey';
export const SIGNING_KEYS_COLLECTION = 'signing_keys';

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
  { collection: SIGNING_KEYS_COLLECTION, versionKey: false },
);
SigningKeySchema.index({ removeAt: 1 }, { expireAfterSeconds: 0 });
