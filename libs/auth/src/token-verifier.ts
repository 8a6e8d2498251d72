import { KeyObject, verify as verifySignature } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWSHeaderParameters, jwtVerify } from 'jose';
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

/**
 * Why an access token was refused, as the 401 tells the caller (RFC 6750 `error_description` and the
 * problem's `reason`): what the caller can check in its own token or fix by getting a new one.
 */
export const TOKEN_REFUSALS = [
  'malformed',
  'not-an-access-token',
  'unknown-key',
  'invalid-signature',
  'wrong-issuer',
  'wrong-audience',
  'invalid-claims',
  'expired',
  'not-yet-valid',
] as const;
export type TokenRefusal = (typeof TOKEN_REFUSALS)[number];

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: TokenRefusal };

/** Verified tokens remembered, so a browser's burst of requests with one token costs one signature check. */
const CACHE_SIZE = 10_000;
/** Seconds of clock difference allowed for exp and nbf. */
const CLOCK_TOLERANCE_S = 5;
/** A signing key resolved from the key set is used this long before the key set is asked again. */
const KEY_TTL_MS = 10 * 60_000;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A `typ` an access token may carry: none, or RFC 9068's; another JWT the same key signs has its own. */
const isAccessTokenType = (typ: unknown) =>
  typ === undefined || (typeof typ === 'string' && ['at+jwt', 'application/at+jwt'].includes(typ.toLowerCase()));

/**
 * Verifies an access token (ES256, issuer, audience, expiry) and maps it to a Principal. A token seen
 * before (the exact same bytes) is answered from a bounded cache until its own expiry.
 */
@Injectable()
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  private readonly signingKeys = new Map<string, { key: KeyObject; untilMs: number }>();

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    if (options.jwks) this.keys = createLocalJWKSet(options.jwks);
    else if (options.jwksUrl)
      this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    else throw new Error('auth needs AUTH_JWKS_URL or AUTH_JWKS');
  }

  /** The principal, or undefined for any token that is not valid. */
  async verify(token: string): Promise<Principal | undefined> {
    const checked = await this.check(token);
    return checked.ok ? checked.principal : undefined;
  }

  /**
   * The principal, or why the token was refused: what the caller can see in the token itself or fix
   * (expired, for another audience), never which check of ours or which key failed beyond that.
   */
  async check(token: string): Promise<TokenCheck> {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.expiresAtMs) return { ok: true, principal: cached.principal };
      this.verified.delete(token);
    }
    const claims = await this.verifyAccessToken(token);
    if (typeof claims === 'string') return { ok: false, reason: claims };
    const principal = principalFromClaims(claims);
    if (!principal) return { ok: false, reason: 'invalid-claims' };
    this.remember(token, principal, (claims.exp as number) * 1000);
    return { ok: true, principal };
  }

  /**
   * The checks jose's jwtVerify makes for an access token — compact JWS, ES256 only, no `crit`, the
   * signature over the key the header's `kid` names in the key set, issuer, audience, exp (required) and
   * nbf with 5 s tolerance — and a `typ` that is not another kind of JWT. Done with node:crypto on a key
   * resolved once per `kid` rather than WebCrypto per call: a new token costs little more than its
   * signature check (bench/token-verify.bench.ts). The key set is asked again for an unknown `kid`
   * (a rotation), and every KEY_TTL_MS (a key removed from it stops verifying then).
   */
  private async verifyAccessToken(token: string): Promise<Record<string, unknown> | TokenRefusal> {
    const parts = token.split('.');
    if (parts.length !== 3) return 'malformed';
    const [h, p, s] = parts as [string, string, string];
    const header = decodeJson(h);
    if (!header || !BASE64URL.test(s)) return 'malformed';
    if (header.alg !== 'ES256' || 'crit' in header || 'b64' in header || !isAccessTokenType(header.typ)) return 'not-an-access-token';
    const signature = Buffer.from(s, 'base64url');
    if (signature.length !== 64) return 'invalid-signature';
    const key = await this.signingKey(header);
    if (!key) return 'unknown-key';
    if (!verifySignature('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) return 'invalid-signature';
    const claims = decodeJson(p);
    if (!claims) return 'malformed';
    if (claims.iss !== this.options.issuer) return 'wrong-issuer';
    const aud = claims.aud;
    if (!(aud === this.options.audience || (Array.isArray(aud) && aud.includes(this.options.audience)))) return 'wrong-audience';
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || (claims.iat !== undefined && typeof claims.iat !== 'number')) return 'invalid-claims';
    if (claims.exp <= now - CLOCK_TOLERANCE_S) return 'expired';
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now + CLOCK_TOLERANCE_S)) return 'not-yet-valid';
    return claims;
  }

  /** The public key the header names, from the key set (jose picks it by kid, alg and kty, as jwtVerify does). */
  private async signingKey(header: JWSHeaderParameters): Promise<KeyObject | undefined> {
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const known = kid === undefined ? undefined : this.signingKeys.get(kid);
    if (known && Date.now() < known.untilMs) return known.key;
    try {
      const key = KeyObject.from(await this.keys(header, { payload: '', signature: '' }));
      if (key.asymmetricKeyType !== 'ec') return undefined;
      if (kid !== undefined) this.signingKeys.set(kid, { key, untilMs: Date.now() + KEY_TTL_MS });
      return key;
    } catch {
      return undefined;
    }
  }

  /**
   * Another JWT the identity service signed with the same keys (not an access token): verified for its own
   * `typ` and audience, at most `maxAgeSeconds` old. Its claims, or undefined for any that is not valid.
   */
  async verifyIssued(
    jwt: string,
    expect: { typ: string; audience: string; maxAgeSeconds: number },
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtVerify(jwt, this.keys, {
        issuer: this.options.issuer,
        audience: expect.audience,
        typ: expect.typ,
        algorithms: ['ES256'],
        maxTokenAge: expect.maxAgeSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: 5,
      });
      return payload;
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
