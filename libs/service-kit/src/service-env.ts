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

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, BankID's endUserIp):
   * Express's `trust proxy` setting, e.g. `loopback`, `10.0.0.0/8`, `loopback, 172.16.0.0/12`, or a hop
   * count like `1` behind one ingress. Only name proxies you run: a wrong value lets clients forge addresses.
   */
  @IsString()
  @Matches(/^(\d{1,2}|[0-9a-fA-F.:/,\s]+|loopback|linklocal|uniquelocal|[a-z, ]+)$/, {
    message: 'TRUST_PROXY must be a hop count, addresses/CIDRs or loopback/linklocal/uniquelocal',
  })
  TRUST_PROXY: string = 'loopback';

  @IsIn(['true', 'false'])
  DOCS_ENABLED: 'true' | 'false' = 'true';
}
