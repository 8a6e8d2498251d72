import { Schema } from 'mongoose';
import type { RightsKeyRecord } from './rights-key.entity.js';

export const RIGHTS_KEY_MODEL = 'RightsKey';
export const RIGHTS_KEYS_COLLECTION = 'keys';

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

/** The service's symmetric secrets, one document each (SealedSecretRecord), sealed with RIGHTS_KEY_SECRET like the key pairs. */
export const SEALED_SECRETS_COLLECTION = 'sealed_secrets';
