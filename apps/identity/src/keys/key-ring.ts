import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@insyn/platform';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import type { IdentityEnv } from '../config/identity-env.js';
import { identitySecrets, SecretBox } from '../common/secret-box.js';
import type { SigningKeyRecord } from './persistence/signing-key.entity.js';
import { SigningKeysRepository } from './persistence/signing-keys.repository.js';

/** A successor key is published this long before it starts signing, so every verifier's cached JWKS has it. */
export const PREPUBLISH_MS = 60 * 60_000;
/** Keys are re-read this often, so every instance signs with the same key soon after a rotation. */
const REFRESH_MS = 60_000;

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  activeFrom: Date;
  retireAt: Date;
  removeAt: Date;
}

/**
 * The token-signing keys, shared by all instances through MongoDB. Rotation without breaking live
 * tokens: a successor is created and published PREPUBLISH_MS before the current key retires; a retired
 * key stays in the JWKS until the longest-lived token it could have signed has expired.
 */
@Injectable()
export class KeyRing implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KeyRing.name);
  private readonly box: SecretBox;
  private keys: LoadedKey[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.box = new SecretBox(identitySecrets(config), 'token-signing-keys');
  }

  async onModuleInit(): Promise<void> {
    await this.rotate();
    this.timer = setInterval(
      () => void this.rotate().catch((err: Error) => this.logger.error(`key rotation failed: ${err.message}`)),
      REFRESH_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The key to sign with now. */
  signingKey(): { kid: string; privateKey: CryptoKey } {
    const now = this.clock.now().getTime();
    const active = this.keys.filter((k) => k.activeFrom.getTime() <= now && now < k.retireAt.getTime());
    const key = active.sort((a, b) => b.activeFrom.getTime() - a.activeFrom.getTime())[0];
    if (!key) throw new Error('no active signing key (rotation has not run)');
    return key;
  }

  /** The public keys to publish: active, upcoming, and retired ones whose tokens may still be live. */
  jwks(): { keys: JWK[] } {
    const now = this.clock.now().getTime();
    return { keys: this.keys.filter((k) => now < k.removeAt.getTime()).map((k) => k.publicJwk) };
  }

  /** Creates the first key, or the successor when the current one retires within PREPUBLISH_MS; reloads. */
  async rotate(): Promise<void> {
    await this.load();
    const now = this.clock.now();
    const latest = [...this.keys].sort((a, b) => b.retireAt.getTime() - a.retireAt.getTime())[0];
    if (!latest || latest.retireAt.getTime() <= now.getTime()) await this.create(now);
    else if (latest.retireAt.getTime() - now.getTime() <= PREPUBLISH_MS) await this.create(latest.retireAt);
    else return;
    await this.load();
  }

  private async create(activeFrom: Date): Promise<void> {
    const now = this.clock.now();
    const rotation = this.config.get('SIGNING_KEY_ROTATION', { infer: true }) * 1000;
    const maxTokenTtl =
      Math.max(this.config.get('ACCESS_TOKEN_TTL', { infer: true }), this.config.get('CLIENT_TOKEN_TTL', { infer: true })) * 1000;
    // Instances racing to create the successor may each add one; both are published, the newest signs.
    const kid = `${activeFrom.toISOString().slice(0, 10)}-${randomBytes(6).toString('base64url')}`;
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const retireAt = new Date(activeFrom.getTime() + rotation);
    const record: SigningKeyRecord = {
      _id: kid,
      alg: 'ES256',
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
      sealedPrivateJwk: this.box.seal(JSON.stringify(await exportJWK(privateKey)), kid),
      createdAt: now,
      activeFrom,
      retireAt,
      removeAt: new Date(retireAt.getTime() + maxTokenTtl + PREPUBLISH_MS),
    };
    await this.repository.insert(record);
    this.logger.log(`signing key ${kid} created, signs from ${activeFrom.toISOString()} to ${retireAt.toISOString()}`);
  }

  /**
   * While IDENTITY_KEY_SECRET is rotated, a key sealed with the previous secret is stored sealed with the new
   * one (unless another instance did so first), so the previous secret can go once short-lived state ends.
   */
  private async resealed(r: SigningKeyRecord): Promise<void> {
    const sealed = this.box.reseal(r.sealedPrivateJwk, r._id);
    if (sealed === null) return;
    await this.repository.replaceSealed(r._id, r.sealedPrivateJwk, sealed);
    this.logger.log(`signing key ${r._id} sealed with the new IDENTITY_KEY_SECRET`);
  }

  private async load(): Promise<void> {
    const now = this.clock.now();
    const records = await this.repository.findPublished(now);
    const known = new Map(this.keys.map((k) => [k.kid, k]));
    this.keys = await Promise.all(
      records.map(async (r) => {
        const cached = known.get(r._id);
        if (cached) return cached;
        const jwk = JSON.parse(this.box.open(r.sealedPrivateJwk, r._id)) as JWK;
        await this.resealed(r);
        return {
          kid: r._id,
          privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
          publicJwk: r.publicJwk,
          activeFrom: r.activeFrom,
          retireAt: r.retireAt,
          removeAt: r.removeAt,
        };
      }),
    );
  }
}
