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
