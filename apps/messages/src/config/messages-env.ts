import os from 'node:os';
import path from 'node:path';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { SubjectKeyEnv } from '@insyn/platform';
import { ServiceEnv } from '@insyn/service-kit';

/** The attachment limits unless an installation sets its own (the OpenAPI document states these). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_TYPES = 'application/pdf,image/png,image/jpeg';

/**
 * The messages service's configuration, validated at boot. SUBJECT_KEY_SECRET is the identity service's:
 * it turns a personnummer into the subject key in citizens' tokens. While it is rotated, citizens' data
 * stored under the previous secrets is still found, and is re-keyed to the current one in the background.
 */
export class MessagesEnv extends SubjectKeyEnv(
  ServiceEnv,
  'SUBJECT_KEY_SECRET must be set to the identity service’s secret in production',
) {
  /**
   * The key-encryption-key file (JSON, mode 0600), or where a KMS adapter would plug in. Made with a fresh
   * key in development when missing; production refuses to start without it.
   */
  @IsString()
  MESSAGES_KEK_FILE: string = path.join(os.homedir(), '.cache', 'insyn', 'messages-kek.json');

  /**
   * The units that may hold conversations: JSON `{"<unit>": {"name": "...", "acceptsCitizens": true}}`.
   * `acceptsCitizens` (default false): citizens may start conversations with the unit themselves (ADR 0010).
   */
  @IsString()
  @Matches(/^\s*\{/, { message: 'MESSAGES_UNITS must be a JSON object of units' })
  MESSAGES_UNITS: string = JSON.stringify({
    socialtjansten: { name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
    'halso-och-sjukvard': { name: 'Hälso- och sjukvård' },
    kommunstyrelsen: { name: 'Kommunstyrelsen', acceptsCitizens: true },
  });

  /**
   * The audience of the person assertions identity issues for this service (ADR 0010): identity's
   * PERSON_ASSERTION_AUDIENCES names this service by it, with this service's JWKS.
   */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.:/-]{1,100}$/)
  MESSAGES_ASSERTION_AUDIENCE: string = 'insyn-messages';

  /** Largest attachment, bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES: number = DEFAULT_ATTACHMENT_MAX_BYTES;

  /** Attachment types allowed, comma separated; the content is checked against its declared type. */
  @IsString()
  ATTACHMENT_TYPES: string = DEFAULT_ATTACHMENT_TYPES;

  /** Where citizens read their messages (named in notifications). */
  @IsString()
  MESSAGES_PORTAL_URL: string = 'http://127.0.0.1:3000';

  /**
   * How citizens are told a message is waiting: `log` (development) writes the text to the log only;
   * `webhook` posts `{channel: 'email'|'sms', to, text}` to NOTIFIER_URL (the municipality's gateway).
   */
  @IsIn(['log', 'webhook'])
  NOTIFIER: 'log' | 'webhook' = 'log';

  @ValidateIf((o: MessagesEnv) => o.NOTIFIER === 'webhook')
  @IsString()
  NOTIFIER_URL?: string;

  @IsOptional()
  @IsString()
  NOTIFIER_TOKEN?: string;

  /** The notification texts (sv, en): only {municipality} and {portalUrl}; checked at boot by templateLeaks. */
  @IsOptional()
  @IsString()
  @MinLength(10)
  NOTIFICATION_TEMPLATE_SV?: string;

  @IsOptional()
  @IsString()
  @MinLength(10)
  NOTIFICATION_TEMPLATE_EN?: string;

  /** The machine's cache for development (`npm start`, scripts/infra.mjs): the archive folder's default is in it. */
  @IsString()
  INSYN_CACHE_DIR: string = path.join(os.homedir(), '.cache', 'insyn');

  /**
   * Where archive packages go: a folder (`ARCHIVE_DIR`, default `<INSYN_CACHE_DIR>/archive`, created 0700 at
   * boot when missing) or the business system's endpoint (`ARCHIVE_URL`, which wins).
   */
  @IsOptional()
  @IsString()
  ARCHIVE_DIR?: string;

  @IsOptional()
  @IsString()
  @ValidateIf((o: MessagesEnv) => o.NODE_ENV === 'production' && o.ARCHIVE_URL !== undefined)
  @Matches(/^https:\/\//, { message: 'ARCHIVE_URL must be https in production: the packages hold the conversations in clear' })
  ARCHIVE_URL?: string;

  /** The `Authorization` header for ARCHIVE_URL, e.g. `Bearer <token>` or `Basic <base64>`. Never logged. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  ARCHIVE_AUTHORIZATION?: string;

  /** How often closed conversations are looked for to archive (they are also archived right after closing). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  ARCHIVE_INTERVAL_MS: number = 10_000;

  @IsIn(['E-ARK-SIP', 'FGS-1.2'])
  ARCHIVE_PROFILE: 'E-ARK-SIP' | 'FGS-1.2' = 'E-ARK-SIP';

  /** The archival creator (arkivbildare) named in every package. */
  @IsString()
  ARCHIVAL_CREATOR_NAME: string = 'Umeå kommun';

  @Matches(/^\d{6}-\d{4}$/)
  ARCHIVAL_CREATOR_ORG_NUMBER: string = '212000-2627';
}
