import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PreviousSecrets } from '@insyn/platform';
import { ServiceEnv } from '@insyn/service-kit';

/** The retention service's configuration, validated at boot. */
export class RetentionEnv extends ServiceEnv {
  /** The identity service's subject-key secret: holds on a person store only the subject key. */
  @IsString()
  @MinLength(32)
  @ValidateIf((o: RetentionEnv) => o.NODE_ENV === 'production')
  @Matches(/^(?!insyn-development-only).*/, { message: 'SUBJECT_KEY_SECRET must be set to the identity service’s secret in production' })
  SUBJECT_KEY_SECRET: string = 'insyn-development-only-subject-secret';

  /** The generation of SUBJECT_KEY_SECRET (the `N` of its `skN_` keys); the identity service's (ADR 0025). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999)
  SUBJECT_KEY_GENERATION: number = 1;

  /**
   * While SUBJECT_KEY_SECRET is rotated: the secrets it replaced, newest first, comma separated (the identity
   * service's). Person holds under them are re-keyed to the current secret in the background; remove them
   * when the log says none is left (docs/operations/runbooks.md).
   */
  @IsOptional()
  @IsString()
  @PreviousSecrets({ current: 'SUBJECT_KEY_SECRET', generation: 'SUBJECT_KEY_GENERATION', minLength: 32 })
  SUBJECT_KEY_PREVIOUS_SECRETS?: string;

  /** The units whose information is governed here: JSON `{"<unit>": {"name": "..."}}` (the same ids as the messages service's). */
  @IsString()
  @Matches(/^\s*\{/, { message: 'RETENTION_UNITS must be a JSON object of units' })
  RETENTION_UNITS: string = JSON.stringify({
    socialtjansten: { name: 'Individ- och familjeomsorgen' },
    'halso-och-sjukvard': { name: 'Hälso- och sjukvård' },
    kommunstyrelsen: { name: 'Kommunstyrelsen' },
  });

  /**
   * The information types rules may govern, and which service holds each: JSON `{"<type>": "<service>"}`.
   * `access-log` is the rights service's access log (loggutdrag); its rules count from `last-activity`.
   */
  @IsString()
  @Matches(/^\s*\{/, { message: 'RETENTION_INFORMATION_TYPES must be a JSON object' })
  RETENTION_INFORMATION_TYPES: string = JSON.stringify({ 'secure-message': 'messages', 'access-log': 'rights' });

  /** The organisation named on the gallringsprotokoll's exports (CSV and PDF). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  PROTOCOL_ORGANISATION?: string;

  /** Runs start on their rules' schedules (`on`); `off` leaves only runs started by hand (e.g. one replica as scheduler). */
  @IsIn(['on', 'off'])
  RETENTION_SCHEDULER: 'on' | 'off' = 'on';

  /** How often the scheduler looks for due rules and unanswered chunks. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  RETENTION_TICK_MS: number = 60_000;

  /** Items per purge request (chunk). Each answer lists its deleted ids, so at most 10 000. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RETENTION_CHUNK_SIZE: number = 2_000;

  /** A chunk without an answer after this long is asked again (same request id), then with doubling waits. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  RETENTION_CHUNK_TIMEOUT_MS: number = 5 * 60_000;

  /** How long an instance holds a rule's lease without renewing it (it renews on every tick). */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  RETENTION_LEASE_MS: number = 3 * 60_000;
}
