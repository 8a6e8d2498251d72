import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AccessTokenClaims } from '@insyn/auth';
import { Clock, IdGenerator } from '@insyn/platform';
import { SignJWT } from 'jose';
import type { IdentityEnv } from '../config/identity-env.js';
import { KeyRing } from './key-ring.js';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  jti: string;
}

/**
 * The `client_id` (RFC 9068 2.2) of tokens issued to people: the browser sign-in of the identity service
 * and the portal in front of it, which is no registered client. No municipal system may take this id.
 */
export const BROWSER_CLIENT_ID = 'insyn-portal';

/** What a token says; `client_id` is the client it was issued to (RFC 9068 requires it). */
export type TokenClaims = AccessTokenClaims & { client_id: string; sid?: string };

/** Signs access tokens (JWT, ES256, `kid`, `typ: at+jwt`, RFC 9068) with the current key of the ring. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  async issue(claims: TokenClaims, ttlSeconds: number): Promise<IssuedToken> {
    const { sub, ...rest } = claims;
    const { kid, privateKey } = this.keys.signingKey();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const jti = this.ids.next();
    const accessToken = await new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(this.config.get('IDENTITY_ISSUER', { infer: true }))
      .setAudience(this.config.get('AUTH_AUDIENCE', { infer: true }))
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + ttlSeconds)
      .setJti(jti)
      .sign(privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds, jti };
  }
}
