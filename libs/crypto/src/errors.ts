/**
 * A ciphertext or wrapped key could not be opened: it was altered, or the key or the associated data
 * (conversation id, message id, ...) is not the one it was sealed with. AES-GCM cannot tell these apart,
 * so neither can this error; it never carries key material or plaintext.
 */
export class DecryptionError extends Error {
  constructor(message = 'decryption failed: the ciphertext was altered, or the key or associated data is wrong', options?: ErrorOptions) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

/** A wrapped key names a key-encryption key (kekId) that this key provider does not hold. */
export class UnknownKekError extends Error {
  constructor(readonly kekId: string) {
    super(`key-encryption key '${kekId}' is not available to this key provider`);
    this.name = 'UnknownKekError';
  }
}

/** The local key file is missing, unsafe (permissions) or malformed. The message names the file, never a key. */
export class KeyFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`key file ${path}: ${problem}`, options);
    this.name = 'KeyFileError';
  }
}
