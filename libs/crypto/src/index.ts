/**
 * `@insyn/crypto`: envelope encryption of personal data at rest (docs/design.md, "Personal data").
 *
 * Each conversation has its own random 256-bit data key. Message bodies and attachments are encrypted
 * with it (AES-256-GCM, `EnvelopeCipher`), and the data key is stored only wrapped by a key-encryption
 * key (KEK) that lives behind the `KeyProvider` port: a local key file in development
 * (`LocalFileKeyProvider`), a KMS in production (an adapter of the same port; see `KeyProvider`). A
 * database dump therefore holds no readable message: only ciphertexts and wrapped keys, which open only
 * with the KEK. Each wrapped key is bound to its conversation id (the `context`), each ciphertext to its
 * place (the `aad`), so neither can be moved to another conversation or message.
 *
 * Crypto-shredding: the messages service stores the wrapped data key in a collection of its own, one
 * document per conversation, apart from the messages. Gallring (or erasure) deletes that key document
 * together with the conversation's documents, and calls `DataKeyCache.delete(conversationId)`. Once the
 * wrapped key is gone, every ciphertext of the conversation is unreadable for good, including the copies
 * in database backups and dumps taken before the deletion, as long as those copies lack the key document
 * (keep key documents out of long-lived backups, or give them a shorter backup retention than the
 * messages). Nothing else is needed: no ciphertext has to be found or overwritten. KEK rotation
 * (`KeyProvider.rewrap`) re-wraps data keys without touching any ciphertext.
 *
 * In a Nest module:
 * ```ts
 * providers: [
 *   { provide: KeyProvider, useFactory: (config: AppConfig) => LocalFileKeyProvider.open(config.kekFile), inject: [AppConfig] },
 *   EnvelopeCipher,
 *   { provide: DataKeyCache, useFactory: () => new DataKeyCache({ maxEntries: 1000, ttlMs: 300_000 }) },
 * ]
 * ```
 * Erasing keys from memory is best effort in JavaScript; see `DataKeyCache`. Nothing here is
 * database-specific.
 */
export * from './data-key-cache.js';
export * from './envelope-cipher.js';
export * from './errors.js';
export * from './key-provider.js';
export * from './local-file-key-provider.js';
export * from './static-key-provider.js';
export * from './reseal-sweep.js';
export * from './secret-box.js';
