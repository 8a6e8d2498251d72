import type { ConfigService } from '@nestjs/config';
import { SecretBox as BaseSecretBox } from '@insyn/crypto';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IdentityEnv } from '../config/identity-env.js';

/** The identity service's SecretBox: its key derivation salt stays `insyn-identity`, so sealed values stay readable. */
export class SecretBox extends BaseSecretBox {
  constructor(secrets: string | readonly string[], purpose: string) {
    super(secrets, purpose, 'insyn-identity');
  }
}

/** IDENTITY_KEY_SECRET, and while it is rotated the secret it replaces (IDENTITY_KEY_SECRET_PREVIOUS) after it. */
export function identitySecrets(config: ConfigService<IdentityEnv, true>): string[] {
  const previous = config.get('IDENTITY_KEY_SECRET_PREVIOUS', { infer: true });
  return [config.get('IDENTITY_KEY_SECRET', { infer: true }), ...(previous ? [previous] : [])];
}

/** A random secret for handles, cookies and refresh tokens: 256 bits, base64url. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Handles and secrets are stored only as their SHA-256, so a database read does not yield usable ones. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
