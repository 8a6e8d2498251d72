import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SubjectKeyEnv } from '@insyn/platform';
import { ServiceEnv } from '@insyn/service-kit';

/**
 * The retention service's configuration, validated at boot. SUBJECT_KEY_SECRET, its generation and previous
 * secrets are the identity service's: a hold on a person stores only her subject key, and holds under a
 * previous secret are re-keyed to the current one in the background.
 */
export class RetentionEnv extends SubjectKeyEnv(
  ServiceEnv,
  'SUBJECT_KEY_SECRET must be set to the identity service’s secret in production',
) {
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
