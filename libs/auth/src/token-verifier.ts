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

/** Verifies an access token (ES256, issuer, audience, expiry) and maps it to a Principal. */
@Injectable()
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    if (options.jwks) this.keys = createLocalJWKSet(options.jwks);
    else if (options.jwksUrl)
      this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    else throw new Error('auth needs AUTH_JWKS_URL or AUTH_JWKS');
  }

  /** The principal, or undefined for any token that is not valid (the reason is not leaked). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['ES256'],
        clockTolerance: 5,
      });
      return principalFromClaims(payload);
    } catch {
      return undefined;
    }
  }
}
