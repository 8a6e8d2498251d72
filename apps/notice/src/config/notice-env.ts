import { Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ServiceEnv } from '@insyn/service-kit';

/** The notice service's configuration, validated at boot. */
export class NoticeEnv extends ServiceEnv {
  /** The public base URL the notices are published under (used in JSON-LD ids and HTML links). */
  @IsUrl({ require_tld: false, require_protocol: true })
  NOTICE_PUBLIC_BASE_URL: string = 'http://127.0.0.1:3001';

  /** How long clients and proxies may cache a public read (seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  NOTICE_CACHE_MAX_AGE: number = 60;
}
