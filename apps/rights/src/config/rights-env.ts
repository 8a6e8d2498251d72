import type { ConfigService } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { DiffersFrom, SubjectKeyRotationEnv } from '@insyn/platform';
import { ServiceEnv } from '@insyn/service-kit';

/** The rights service's configuration, validated at boot. */
export class RightsEnv extends SubjectKeyRotationEnv(ServiceEnv) {
  /**
   * Seals the service's private keys (receipt signing, part decryption) and the request parts it keeps
   * (registerutdrag content) in its database. Production refuses to start without its own.
   */
  @IsString()
  @MinLength(32)
  @ValidateIf((o: RightsEnv) => o.NODE_ENV === 'production')
  @Matches(/^(?!insyn-development-only).*/, { message: 'RIGHTS_KEY_SECRET must be set to a secret of its own in production' })
  RIGHTS_KEY_SECRET: string = 'insyn-development-only-rights-key-secret';

  /**
   * While RIGHTS_KEY_SECRET is rotated: the secret it replaces. What was sealed with it still opens, and
   * the service seals it all again with the new secret (its keys at boot, stored parts and signature
   * evidence in the background). Remove it once the log says the rotation is complete
   * (docs/operations/runbooks.md).
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  @DiffersFrom('RIGHTS_KEY_SECRET')
  RIGHTS_KEY_SECRET_PREVIOUS?: string;

  /**
   * Only while SUBJECT_KEY_SECRET is rotated (ADR 0025): the identity service's current subject-key secret,
   * its generation and the secrets it replaced. Rights never makes a subject key (citizens' tokens carry
   * every key of theirs), so it needs them only to re-key what it stores; remove them with the previous
   * secrets when the log says none is left (docs/operations/runbooks.md).
   */
  @ValidateIf((o: RightsEnv) => o.SUBJECT_KEY_PREVIOUS_SECRETS !== undefined || o.SUBJECT_KEY_SECRET !== undefined)
  @IsString({ message: 'SUBJECT_KEY_SECRET must be set with SUBJECT_KEY_PREVIOUS_SECRETS (the secret they are re-keyed to)' })
  @MinLength(32)
  SUBJECT_KEY_SECRET?: string;

  /**
   * The services that hold personal data and answer every data-subject request with a part
   * (rights.request.part.v1): a comma-separated list of service names, as they sign their parts.
   */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,40}(,[a-z][a-z0-9-]{1,40})*$/, {
    message: 'RIGHTS_DATA_SERVICES must be a comma-separated list of service names, e.g. messages',
  })
  RIGHTS_DATA_SERVICES: string = 'messages';

  /**
   * The municipality's units, by id, with the name a citizen reads in her access log (loggutdrag): JSON
   * `{"<unit>": {"name": "..."}}`, the same ids as the messages service's MESSAGES_UNITS.
   */
  @IsString()
  @Matches(/^\s*\{/, { message: 'RIGHTS_UNITS must be a JSON object of units' })
  RIGHTS_UNITS: string = JSON.stringify({
    socialtjansten: { name: 'Individ- och familjeomsorgen' },
    'halso-och-sjukvard': { name: 'Hälso- och sjukvård' },
    kommunstyrelsen: { name: 'Kommunstyrelsen' },
  });

  /**
   * The unit whose retention rules govern access-log entries that no unit made (a citizen reading her own
   * data): every other entry is gallrad under the rules of the unit that read.
   */
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'RIGHTS_ACCESS_LOG_UNIT must be a unit id' })
  RIGHTS_ACCESS_LOG_UNIT: string = 'kommunstyrelsen';

  /** A part still missing this long after the request (or the last reminder) is asked for again. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  RIGHTS_REASK_AFTER_MS: number = 24 * 3_600_000;

  /**
   * How many days an answered request's report (registerutdrag) can be downloaded: the sealed copies of its
   * parts are deleted after (a TTL index), and a download after is 410 Gone. A withdrawn request's parts are
   * deleted at once.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_650)
  RIGHTS_REPORT_KEEP_DAYS: number = 90;

  /** How often the service looks for silent parts to ask again. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(24 * 3_600_000)
  RIGHTS_TICK_MS: number = 60_000;

  /**
   * Where the notice service publishes its notices (the public base URL): consent receipts name the notice
   * version the person was shown as `<base>/v1/notices/<slug>/versions/<n>`.
   */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'RIGHTS_NOTICE_BASE_URL must be an http(s) URL' })
  RIGHTS_NOTICE_BASE_URL: string = 'http://127.0.0.1:3001';

  /**
   * How often each instance's consent-check index reads the consents changed lately from the database. The
   * index is kept current by consent.changed.v1 within moments; this bounds how stale it can be when Kafka
   * is not delivering.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RIGHTS_CONSENT_SYNC_MS: number = 15_000;
}

/** RIGHTS_KEY_SECRET, and while it is rotated the secret it replaces (RIGHTS_KEY_SECRET_PREVIOUS) after it. */
export function rightsSecrets(config: ConfigService<RightsEnv, true>): string[] {
  const previous = config.get('RIGHTS_KEY_SECRET_PREVIOUS', { infer: true });
  return [config.get('RIGHTS_KEY_SECRET', { infer: true }), ...(previous ? [previous] : [])];
}
