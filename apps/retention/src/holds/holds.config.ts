import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SubjectKeyRing } from '@insyn/person';
import { secretList } from '@insyn/platform';
import type { RetentionEnv } from '../config/retention-env.js';

/**
 * What the holds feature reads from the environment (validated at boot by RetentionEnv):
 * SUBJECT_KEY_SECRET, the identity service's secret that turns a personnummer into the subject key every
 * service uses (with its generation and, during a rotation, the secrets it replaced: ADR 0025), and the
 * known units (RETENTION_UNITS).
 */
@Injectable()
export class HoldsConfig {
  readonly subjectKeys: SubjectKeyRing;
  private readonly units: ReadonlySet<string>;

  constructor(config: ConfigService<RetentionEnv, true>) {
    this.subjectKeys = new SubjectKeyRing({
      current: config.get('SUBJECT_KEY_SECRET', { infer: true }),
      generation: config.get('SUBJECT_KEY_GENERATION', { infer: true }),
      previous: secretList(config.get('SUBJECT_KEY_PREVIOUS_SECRETS', { infer: true })),
    });
    this.units = new Set(Object.keys(JSON.parse(config.get('RETENTION_UNITS', { infer: true })) as Record<string, unknown>));
  }

  isKnownUnit(unit: string): boolean {
    return this.units.has(unit);
  }
}
