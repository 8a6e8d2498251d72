import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { type Principal, principalFromClaims } from './principal.js';

export interface AuthOptions {
  issuer: string;
  audience: string;
  /** The identity service's JWKS URL (cached; refetched when a token names an unknown `kid`). */
  jwksUrl?: string;
  /** Or the key set itself, for tests and air-gapped setups. */
  jwks?: JSONWebKeySet;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Verified tokens remembered, so a browser's burst of requests with one token costs one signature check. */
const CACHE_SIZE = 10_000;

/**
 * Verifies an access token (ES256, issuer, audience, expiry) and maps it to a Principal. A token seen
 * before (the exact same bytes) is answered from a bounded cache until its own expiry.
 */
@Injectable()
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    if (options.jwks) this.keys = createLocalJWKSet(options.jwks);
    else if (options.jwksUrl)
      this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    else throw new Error('auth needs AUTH_JWKS_URL or AUTH_JWKS');
  }

  /** The principal, or undefined for any token that is not valid (the reason is not leaked). */
  async verify(token: string): Promise<Principal | undefined> {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.expiresAtMs) return cached.principal;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['ES256'],
        clockTolerance: 5,
      });
      const principal = principalFromClaims(payload);
      if (principal && typeof payload.exp === 'number') this.remember(token, principal, payload.exp * 1000);
      return principal;
    } catch {
      return undefined;
    }
  }

  private remember(token: string, principal: Principal, expiresAtMs: number): void {
    if (this.verified.size >= CACHE_SIZE) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { principal, expiresAtMs });
  }
}
