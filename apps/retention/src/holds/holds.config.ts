import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SubjectKeys } from '@insyn/person';

const DEVELOPMENT_SECRET = 'insyn-development-only-subject-secret';

/**
 * What the holds feature reads from the environment: SUBJECT_KEY_SECRET (the identity service's secret,
 * which turns a personnummer into the subjectKey every service uses) and the known units
 * (RETENTION_UNITS). Production refuses to start without a secret of its own.
 *
 * TODO(retention env): SUBJECT_KEY_SECRET belongs in RetentionEnv, validated at boot like MessagesEnv's.
 */
@Injectable()
export class HoldsConfig {
  readonly subjectKeys: SubjectKeys;
  private readonly units: ReadonlySet<string>;

  constructor(config: ConfigService) {
    const secret = config.get<string>('SUBJECT_KEY_SECRET') ?? DEVELOPMENT_SECRET;
    if (config.get<string>('NODE_ENV') === 'production' && secret.startsWith('insyn-development-only'))
      throw new Error('SUBJECT_KEY_SECRET must be set to the identity service’s secret in production');
    this.subjectKeys = new SubjectKeys(secret);
    const raw = config.get<string>('RETENTION_UNITS') ?? '{}';
    this.units = new Set(Object.keys(JSON.parse(raw) as Record<string, unknown>));
  }

  isKnownUnit(unit: string): boolean {
    return this.units.has(unit);
  }
}
