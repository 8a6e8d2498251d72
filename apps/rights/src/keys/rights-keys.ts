import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecretBox } from '@insyn/crypto';
import { Clock } from '@insyn/platform';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { type RightsEnv, rightsSecrets } from '../config/rights-env.js';
import { receiptPseudonymKey } from '../receipts/domain/consent-receipt.js';
import { PSEUDONYM_KEY_ID, type RightsKeyRecord } from './persistence/rights-key.entity.js';
import { RightsKeysRepository } from './persistence/rights-keys.repository.js';

interface LoadedKey {
  kid: string;
  use: 'sig' | 'enc';
  privateKey: CryptoKey;
  publicJwk: JWK;
  createdAt: Date;
}

const ALG = { sig: 'ES256', enc: 'ECDH-ES' } as const;
/** How often each instance reads the keys again. */
export const RELOAD_MS = 60_000;
/** An unknown `kid` reads the keys again at most this often (a stream of forged kids costs one read per interval). */
const UNKNOWN_KID_RELOAD_MS = 5_000;

/**
 * The rights service's own key pairs, shared by its instances through MongoDB:
 * - `sig` (ES256) signs consent receipts; every key ever used stays in the JWKS, because a receipt
 *   must verify for as long as the citizen keeps it;
 * - `enc` (ECDH-ES on P-256, with A256GCM) is the key other services encrypt request parts to: the
 *   newest one is named in each rights.request.opened.v1, older ones still decrypt parts in flight.
 * The first key of each use has a fixed id (`sig-1`, `enc-1`) and is inserted only if absent, so instances
 * starting together on an empty database all end up with the same one. Each instance reloads the keys every
 * {@link RELOAD_MS} (so its JWKS holds keys another instance made) and at once on a `kid` it does not know.
 */
@Injectable()
export class RightsKeys implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RightsKeys.name);
  private readonly box: SecretBox;
  private keys: LoadedKey[] = [];
  private pseudonym?: Buffer;
  private readonly firstSecret: string;
  private timer?: NodeJS.Timeout;
  private lastUnknownReload = 0;

  constructor(
    private readonly repository: RightsKeysRepository,
    private readonly clock: Clock,
    config: ConfigService<RightsEnv, true>,
  ) {
    const secrets = rightsSecrets(config);
    this.box = new SecretBox(secrets, 'rights-keys', 'insyn-rights');
    this.firstSecret = secrets[secrets.length - 1]!;
  }

  async onModuleInit(): Promise<void> {
    await this.load();
    let created = false;
    for (const use of ['sig', 'enc'] as const)
      if (!this.keys.some((k) => k.use === use)) {
        await this.create(use);
        created = true;
      }
    if (created) await this.load();
    await this.loadPseudonymKey();
    clearInterval(this.timer);
    this.timer = setInterval(
      () => void this.load().catch((err: unknown) => this.logger.warn(`reloading the keys failed: ${(err as Error).message}`)),
      RELOAD_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reads the keys again when `kid` is not among them (another instance made it), at most every few seconds. */
  async ensureKnown(kid: string | undefined): Promise<void> {
    if (kid === undefined || this.keys.some((k) => k.kid === kid)) return;
    const now = Date.now();
    if (now - this.lastUnknownReload < UNKNOWN_KID_RELOAD_MS) return;
    this.lastUnknownReload = now;
    await this.load();
  }

  /** The key that signs receipts now. */
  signingKey(): { kid: string; privateKey: CryptoKey } {
    return this.newest('sig');
  }

  /** The public key other services encrypt parts to, with its `kid`. */
  encryptionJwk(): JWK {
    return this.newest('enc').publicJwk;
  }

  /** The private key a part was encrypted to, by the `kid` in its JWE header. */
  async decryptionKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    await this.ensureKnown(kid); // another instance may have made a newer key
    return this.keys.find((k) => k.use === 'enc' && k.kid === kid)?.privateKey;
  }

  /**
   * The key consent receipts' pseudonyms are made with. It is stored (sealed like the key pairs), so the
   * pseudonym of a consent stays the same when RIGHTS_KEY_SECRET is rotated. The first instance of a
   * service that has none stores the key it has made them with so far: derived from the secret in use
   * before any rotation (RIGHTS_KEY_SECRET_PREVIOUS while one is under way).
   */
  pseudonymKey(): Buffer {
    if (!this.pseudonym) throw new Error('the pseudonym key is not loaded');
    return this.pseudonym;
  }

  /** The public keys: receipts verify with the `sig` keys, anyone may encrypt to the `enc` ones. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  private newest(use: 'sig' | 'enc'): LoadedKey {
    const key = this.keys.filter((k) => k.use === use).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (!key) throw new Error(`no ${use} key loaded`);
    return key;
  }

  /**
   * Adds a key of `use`. The first has the fixed id `<use>-1` and is inserted only if absent (an instance
   * that loses the race keeps the winner's); later ones (rotation) get a dated random id.
   */
  private async create(use: 'sig' | 'enc', first = true): Promise<void> {
    const now = this.clock.now();
    const kid = first ? `${use}-1` : `${use}-${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('base64url')}`;
    const alg = ALG[use];
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(use === 'enc' ? { crv: 'P-256' } : {}) });
    const record: RightsKeyRecord = {
      _id: kid,
      use,
      alg,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use },
      sealedPrivateJwk: this.box.seal(JSON.stringify(await exportJWK(privateKey)), kid),
      createdAt: now,
    };
    if (await this.repository.insertIfAbsent(record)) this.logger.log(`${use} key ${kid} created`);
  }

  /**
   * While RIGHTS_KEY_SECRET is rotated, a key sealed with the previous secret is stored sealed with the new
   * one (unless another instance did so first).
   */
  private async resealed(r: RightsKeyRecord): Promise<void> {
    const sealed = this.box.reseal(r.sealedPrivateJwk, r._id);
    if (sealed === null) return;
    await this.repository.replaceSealed(r._id, r.sealedPrivateJwk, sealed);
    this.logger.log(`${r.use} key ${r._id} sealed with the new RIGHTS_KEY_SECRET`);
  }

  private async loadPseudonymKey(): Promise<void> {
    const sealed = this.box.seal(receiptPseudonymKey(this.firstSecret).toString('base64url'), PSEUDONYM_KEY_ID);
    await this.repository.insertSecretIfAbsent({ _id: PSEUDONYM_KEY_ID, sealed, createdAt: this.clock.now() });
    const stored = await this.repository.findSecret(PSEUDONYM_KEY_ID);
    if (!stored) throw new Error('the pseudonym key was not stored');
    this.pseudonym = Buffer.from(this.box.open(stored.sealed, PSEUDONYM_KEY_ID), 'base64url');
    const resealed = this.box.reseal(stored.sealed, PSEUDONYM_KEY_ID);
    if (resealed !== null) await this.repository.replaceSealedSecret(PSEUDONYM_KEY_ID, stored.sealed, resealed);
  }

  private async load(): Promise<void> {
    const records = await this.repository.findAll();
    const known = new Map(this.keys.map((k) => [k.kid, k]));
    this.keys = await Promise.all(
      records.map(async (r): Promise<LoadedKey> => {
        const cached = known.get(r._id);
        if (cached) return cached;
        const jwk = JSON.parse(this.box.open(r.sealedPrivateJwk, r._id)) as JWK;
        await this.resealed(r);
        return {
          kid: r._id,
          use: r.use,
          privateKey: (await importJWK(jwk, r.alg)) as CryptoKey,
          publicJwk: r.publicJwk,
          createdAt: r.createdAt,
        };
      }),
    );
  }
}
