import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { DiffersFrom, SubjectKeyEnv } from '@insyn/platform';
import { ServiceEnv } from '@insyn/service-kit';

const DEV_ONLY = (o: IdentityEnv) => o.NODE_ENV === 'production';

/**
 * The identity service's configuration, validated at boot. Secrets have development defaults that
 * production refuses: a production start without its own secrets stops with the variable named.
 *
 * SUBJECT_KEY_SECRET is the identity service's own, shared with the services that hold personnummer. While
 * it is rotated, tokens carry the person's keys under the previous secrets too (`sub_prev`), so the services
 * still find what they stored under them until it is re-keyed.
 */
export class IdentityEnv extends SubjectKeyEnv(ServiceEnv, 'SUBJECT_KEY_SECRET must be set to a secret of your own in production') {
  /** The issuer in every token (`iss`); the other services' AUTH_ISSUER. The JWKS is at `<issuer>/.well-known/jwks.json`. */
  @IsUrl({ require_tld: false, require_protocol: true })
  IDENTITY_ISSUER: string = 'http://127.0.0.1:3002';

  /** Encrypts the token-signing private keys at rest (AES-256-GCM). At least 32 characters. */
  @IsString()
  @MinLength(32)
  @ValidateIf(DEV_ONLY)
  @Matches(/^(?!insyn-development-only).*/, { message: 'IDENTITY_KEY_SECRET must be set to a secret of your own in production' })
  IDENTITY_KEY_SECRET: string = 'insyn-development-only-key-secret-0000';

  /**
   * While IDENTITY_KEY_SECRET is rotated: the secret it replaces. What was sealed with it still opens; the
   * signing keys are sealed again with the new secret at boot, and the short-lived state (sign-ins, sign
   * orders, sessions) ends within SESSION_TTL. Remove it after that (docs/operations/runbooks.md).
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  @DiffersFrom('IDENTITY_KEY_SECRET')
  IDENTITY_KEY_SECRET_PREVIOUS?: string;

  /** Access-token lifetime in seconds. Short: sign-out revokes the refresh token, not issued access tokens. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL: number = 300;

  /** A session's absolute lifetime in seconds; refreshing never extends it. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(86_400)
  SESSION_TTL: number = 8 * 3600;

  /**
   * Two tabs refreshing at once: within this many milliseconds of a rotation, the replaced refresh token is
   * refused without ending the session; later, its reuse ends the session (a copied token).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  REFRESH_REUSE_GRACE_MS: number = 10_000;

  /** How long a signing key signs before a successor takes over (seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(3600)
  SIGNING_KEY_ROTATION: number = 30 * 86_400;

  /**
   * The services a signed-in citizen may ask a person assertion for (ADR 0010), JSON
   * `{"<audience>": "<that service's JWKS URL>"}`: the assertion is encrypted to the service's `enc` key.
   */
  @Matches(/^\s*\{/, { message: 'PERSON_ASSERTION_AUDIENCES must be a JSON object of audiences and JWKS URLs' })
  PERSON_ASSERTION_AUDIENCES: string = JSON.stringify({ 'insyn-messages': 'http://127.0.0.1:3003/.well-known/jwks.json' });

  /** Municipal-system tokens, seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  CLIENT_TOKEN_TTL: number = 600;

  /** Login starts allowed per IP per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT: number = 20;

  /** The least time between two collects of one login at the provider (BankID asks for 2 s between polls). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  LOGIN_COLLECT_INTERVAL_MS: number = 1_000;

  /** Clients created or updated at boot: JSON `[{clientId, secret, scopes, unit, name}]` (first installation, development, tests). */
  @IsOptional()
  @Matches(/^\s*\[/, { message: 'IDENTITY_BOOTSTRAP_CLIENTS must be a JSON array' })
  IDENTITY_BOOTSTRAP_CLIENTS?: string;

  /** Officials by HSA-id: JSON `{"<hsaId>": {"unit": "...", "roles": ["..."]}}`, or a path to such a file. */
  @IsOptional()
  @IsString()
  OFFICIALS?: string;

  /**
   * Origins whose pages may call `POST /oauth/token` from a browser (CORS): the other services' Swagger UI
   * at `/docs`, whose Authorize gets a client-credentials token here. Comma-separated, e.g.
   * `https://messages.kommun.example,https://notice.kommun.example`; none by default.
   */
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^/,\s]+(\s*,\s*https?:\/\/[^/,\s]+)*\s*$/, {
    message: 'TOKEN_CORS_ORIGINS must be origins (scheme://host[:port], no path) separated by commas',
  })
  TOKEN_CORS_ORIGINS?: string;

  /** Where the browser goes after a SITHS sign-in (only relative `returnTo` paths are appended). */
  @IsUrl({ require_tld: false, require_protocol: true })
  PORTAL_URL: string = 'http://127.0.0.1:3000';

  // --- BankID RP API v6.0 (mutual TLS) ---
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https'] })
  BANKID_URL?: string;

  @IsOptional()
  @IsString()
  BANKID_CLIENT_CERT?: string;

  @IsOptional()
  @IsString()
  BANKID_CLIENT_KEY?: string;

  /** The BankID SSL root to pin (PEM file). Only this CA is trusted for the BankID connection. */
  @IsOptional()
  @IsString()
  BANKID_CA?: string;

  /** RP API 6.1 `returnRisk`: BankID's risk (low, moderate, high) comes with each sign-in and is kept with the session. */
  @IsIn(['true', 'false'])
  BANKID_RETURN_RISK: 'true' | 'false' = 'true';

  /** RP API 6.1 `requirement.pinCode`: the user must type the PIN even with biometrics on. */
  @IsIn(['true', 'false'])
  BANKID_REQUIRE_PIN_CODE: 'true' | 'false' = 'false';

  /** RP API 6.1 `requirement.mrtd`: the user must scan a Swedish passport or national ID card. */
  @IsIn(['true', 'false'])
  BANKID_REQUIRE_MRTD: 'true' | 'false' = 'false';

  // --- Freja eID RP API (mutual TLS, signed results) ---
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https'] })
  FREJA_URL?: string;

  @IsOptional()
  @IsString()
  FREJA_CLIENT_CERT?: string;

  @IsOptional()
  @IsString()
  FREJA_CLIENT_KEY?: string;

  @IsOptional()
  @IsString()
  FREJA_CA?: string;

  /** PEM files of the certificates Freja signs results with, comma separated (chosen by `x5t`). */
  @IsOptional()
  @IsString()
  FREJA_JWS_CERTS?: string;

  @IsIn(['EXTENDED', 'PLUS'])
  FREJA_MIN_REGISTRATION_LEVEL: 'EXTENDED' | 'PLUS' = 'PLUS';

  // --- SITHS eID through Inera's IdP (OpenID Connect) ---
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SITHS_ISSUER?: string;

  @IsOptional()
  @IsString()
  SITHS_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  SITHS_CLIENT_SECRET?: string;

  /** Accepted `acr` values, comma separated (Inera matches LoA exactly). */
  @IsString()
  SITHS_ACCEPTED_ACR: string = 'http://id.sambi.se/loa/loa3';
}
