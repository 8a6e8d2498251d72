import { IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { ServiceEnv } from '@insyn/service-kit';

/** The retention service's configuration, validated at boot. */
export class RetentionEnv extends ServiceEnv {
  /** The identity service's subject-key secret: holds on a person store only the subject key. */
  @IsString()
  @MinLength(32)
  @ValidateIf((o: RetentionEnv) => o.NODE_ENV === 'production')
  @Matches(/^(?!insyn-development-only).*/, { message: 'SUBJECT_KEY_SECRET must be set to the identity service’s secret in production' })
  SUBJECT_KEY_SECRET: string = 'insyn-development-only-subject-secret';

  /** The units whose information is governed here: JSON `{"<unit>": {"name": "..."}}` (the same ids as the messages service's). */
  @IsString()
  @Matches(/^\s*\{/, { message: 'RETENTION_UNITS must be a JSON object of units' })
  RETENTION_UNITS: string = JSON.stringify({
    socialtjansten: { name: 'Individ- och familjeomsorgen' },
    'halso-och-sjukvard': { name: 'Hälso- och sjukvård' },
    kommunstyrelsen: { name: 'Kommunstyrelsen' },
  });

  /** The information types rules may govern, and which service holds each: JSON `{"<type>": "<service>"}`. */
  @IsString()
  @Matches(/^\s*\{/, { message: 'RETENTION_INFORMATION_TYPES must be a JSON object' })
  RETENTION_INFORMATION_TYPES: string = JSON.stringify({ 'secure-message': 'messages' });
}
