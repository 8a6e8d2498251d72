import { IsString, Matches } from 'class-validator';
import { ServiceEnv } from '@insyn/service-kit';

/** The retention service's configuration, validated at boot. */
export class RetentionEnv extends ServiceEnv {
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
