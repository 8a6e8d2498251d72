import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { AccessTokenClaims } from '@insyn/auth';

/** Mints ES256 access tokens the way the identity service does, with a key set to verify them by. */
export class TestTokens {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly jwk: JWK,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  static async create(issuer = 'https://identity.test', audience = 'insyn'): Promise<TestTokens> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: `test-${Date.now()}`, alg: 'ES256', use: 'sig' };
    return new TestTokens(privateKey, jwk, issuer, audience);
  }

  get jwks(): string {
    return JSON.stringify({ keys: [this.jwk] });
  }

  /** The env the services need to trust these tokens. */
  get env(): Record<string, string> {
    return { AUTH_ISSUER: this.issuer, AUTH_AUDIENCE: this.audience, AUTH_JWKS: this.jwks };
  }

  async mint(claims: AccessTokenClaims, opts: { expiresIn?: string; issuer?: string; audience?: string } = {}): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid! })
      .setSubject(sub)
      .setIssuer(opts.issuer ?? this.issuer)
      .setAudience(opts.audience ?? this.audience)
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '5m')
      .sign(this.privateKey);
  }

  /** Another JWT the identity service would sign with the same key (a person assertion): its own `typ`, audience and lifetime. */
  async signJwt(
    claims: Record<string, unknown> & { sub: string },
    opts: { typ: string; audience: string; expiresIn?: string | number; issuedAt?: number; issuer?: string },
  ): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid!, typ: opts.typ })
      .setSubject(sub)
      .setIssuer(opts.issuer ?? this.issuer)
      .setAudience(opts.audience)
      .setIssuedAt(opts.issuedAt)
      .setExpirationTime(opts.expiresIn ?? '2m')
      .sign(this.privateKey);
  }

  official(roles: string[], unit = 'kommunstyrelsen'): Promise<string> {
    return this.mint({ sub: 'official-test-key', kind: 'official', roles, unit, hsa_id: 'SE2321000230-test1', loa: 3, idp: 'siths' });
  }

  /**
   * Another official than {@link official}: her own subject key and HSA-id, for what takes two people
   * (four-eyes publishing of notices, ADR 0023).
   */
  secondOfficial(roles: string[], unit = 'kommunstyrelsen'): Promise<string> {
    return this.mint({ sub: 'official-test-key-2', kind: 'official', roles, unit, hsa_id: 'SE2321000230-test2', loa: 3, idp: 'siths' });
  }

  client(scopes: string[], clientId = 'test-system'): Promise<string> {
    return this.mint({ sub: clientId, kind: 'client', scope: scopes.join(' ') });
  }

  citizen(subjectKey: string, loa = 3): Promise<string> {
    return this.mint({ sub: subjectKey, kind: 'citizen', loa, idp: 'bankid' });
  }
}
