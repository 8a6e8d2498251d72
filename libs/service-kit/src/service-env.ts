import { IsIn, IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { BaseEnv } from '@insyn/platform';

/** What every HTTP service reads on top of BaseEnv: where tokens come from. */
export class ServiceEnv extends BaseEnv {
  @IsString()
  AUTH_ISSUER = 'http://127.0.0.1:3002';

  @IsString()
  AUTH_AUDIENCE = 'insyn';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  AUTH_JWKS_URL?: string;

  /** The key set as JSON instead of a URL (tests, air-gapped installations). */
  @IsOptional()
  @Matches(/^\s*\{/, { message: 'AUTH_JWKS must be a JSON key set' })
  AUTH_JWKS?: string;

  @IsString()
  HOST = '127.0.0.1';

  @IsIn(['true', 'false'])
  DOCS_ENABLED: 'true' | 'false' = 'true';
}
