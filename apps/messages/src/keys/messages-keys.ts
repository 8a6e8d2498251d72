import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EnvelopeCipher, KeyProvider } from '@insyn/crypto';
import { Clock } from '@insyn/platform';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { MessagesKeyRepository } from './persistence/messages-key.repository.js';
import type { MessagesKeyRecord } from './persistence/messages-key.schema.js';

const ALG = 'ECDH-ES';
/** The first key's fixed id: instances starting together on an empty database all keep the same one. */
const FIRST_KID = 'enc-1';
/** An unknown `kid` reads the keys again at most this often (a stream of forged kids costs one read per interval). */
const UNKNOWN_KID_RELOAD_MS = 5_000;

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The messages service's encryption key pair (ECDH-ES on P-256, A256GCM), shared by its instances through
 * MongoDB and published in its JWKS: the identity service encrypts person assertions to it (ADR 0010), so
 * the personnummer in them is readable here and nowhere on the way (not in the portal, not in its logs).
 * The private key is stored encrypted under a data key wrapped by the service's key-encryption key.
 */
@Injectable()
export class MessagesKeys implements OnModuleInit {
  private readonly logger = new Logger(MessagesKeys.name);
  private readonly cipher: EnvelopeCipher;
  private keys: LoadedKey[] = [];
  private lastUnknownReload = 0;

  constructor(
    private readonly repo: MessagesKeyRepository,
    kek: KeyProvider,
    private readonly clock: Clock,
  ) {
    this.cipher = new EnvelopeCipher(kek);
  }

  async onModuleInit(): Promise<void> {
    await this.load();
    if (this.keys.length === 0) {
      await this.create(FIRST_KID);
      await this.load();
    }
  }

  /** The public keys: anyone may encrypt to them. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /** The private key a JWE was encrypted to, by the `kid` in its header; undefined for a key this service never had. */
  async decryptionKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    if (kid !== undefined && !this.keys.some((k) => k.kid === kid) && Date.now() - this.lastUnknownReload >= UNKNOWN_KID_RELOAD_MS) {
      this.lastUnknownReload = Date.now();
      await this.load(); // another instance may have made it
    }
    return this.keys.find((k) => k.kid === kid)?.privateKey;
  }

  private async create(kid: string): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true, crv: 'P-256' });
    const { dataKey, wrapped } = await this.cipher.newDataKey(`messages-key/${kid}`);
    const fields: Omit<MessagesKeyRecord, '_id'> = {
      use: 'enc',
      alg: ALG,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'enc' },
      kekId: wrapped.kekId,
      wrappedKey: wrapped.wrapped,
      sealedPrivateJwk: this.cipher.encryptToString(dataKey, JSON.stringify(await exportJWK(privateKey)), `messages-key/${kid}`),
      createdAt: this.clock.now(),
    };
    dataKey.fill(0);
    if (await this.repo.insertIfAbsent(kid, fields)) this.logger.log(`enc key ${kid} created`);
  }

  private async load(): Promise<void> {
    const records = await this.repo.all();
    const known = new Map(this.keys.map((k) => [k.kid, k]));
    this.keys = await Promise.all(
      records.map(async (r): Promise<LoadedKey> => {
        const cached = known.get(r._id);
        if (cached) return cached;
        const dataKey = await this.cipher.openDataKey({ kekId: r.kekId, wrapped: r.wrappedKey }, `messages-key/${r._id}`);
        const jwk = JSON.parse(this.cipher.decryptToString(dataKey, r.sealedPrivateJwk, `messages-key/${r._id}`)) as JWK;
        dataKey.fill(0);
        return { kid: r._id, privateKey: (await importJWK(jwk, ALG)) as CryptoKey, publicJwk: r.publicJwk };
      }),
    );
  }
}
