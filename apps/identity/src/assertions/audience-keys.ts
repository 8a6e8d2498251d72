import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { importJWK, type JWK } from 'jose';
import type { IdentityEnv } from '../config/identity-env.js';

/** A service's key set is fetched again after this long (the services publish theirs with max-age 300). */
const CACHE_MS = 5 * 60_000;

export interface AudienceKey {
  kid: string;
  key: Awaited<ReturnType<typeof importJWK>>;
}

/**
 * The `enc` keys of the services person assertions may be issued for (PERSON_ASSERTION_AUDIENCES), fetched
 * from their JWKS and cached; the newest `enc` key (the last in the set) is the one encrypted to.
 */
@Injectable()
export class AudienceKeys {
  private readonly logger = new Logger(AudienceKeys.name);
  private readonly urls: Map<string, string>;
  private readonly cache = new Map<string, { key: AudienceKey; fetchedAt: number }>();

  constructor(config: ConfigService<IdentityEnv, true>) {
    const raw = JSON.parse(config.get('PERSON_ASSERTION_AUDIENCES', { infer: true })) as Record<string, unknown>;
    this.urls = new Map(
      Object.entries(raw).map(([audience, url]) => {
        if (typeof url !== 'string' || !/^https?:\/\//.test(url))
          throw new Error(`PERSON_ASSERTION_AUDIENCES: ${audience} needs a JWKS URL`);
        return [audience, url];
      }),
    );
  }

  knows(audience: string): boolean {
    return this.urls.has(audience);
  }

  /** The audience's current encryption key; undefined when its JWKS cannot be fetched or has none. */
  async keyOf(audience: string): Promise<AudienceKey | undefined> {
    const cached = this.cache.get(audience);
    if (cached && Date.now() - cached.fetchedAt < CACHE_MS) return cached.key;
    const url = this.urls.get(audience);
    if (!url) return undefined;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      const { keys } = (await res.json()) as { keys?: JWK[] };
      const jwk = (keys ?? []).filter((k) => k.use === 'enc' && k.alg === 'ECDH-ES' && k.kid).pop();
      if (!jwk) throw new Error('has no ECDH-ES enc key');
      const key = { kid: jwk.kid!, key: await importJWK(jwk, 'ECDH-ES') };
      this.cache.set(audience, { key, fetchedAt: Date.now() });
      return key;
    } catch (err) {
      this.logger.warn(`the key set of ${audience} could not be read: ${(err as Error).message}`);
      return cached?.key; // a stale key is better than none: the service still holds its private half
    }
  }
}
