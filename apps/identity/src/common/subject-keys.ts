import type { ConfigService } from '@nestjs/config';
import { SubjectKeyRing } from '@insyn/person';
import { secretList } from '@insyn/platform';
import type { IdentityEnv } from '../config/identity-env.js';

/** SUBJECT_KEY_SECRET with its generation, and while it is rotated the secrets it replaced (ADR 0025). */
export function subjectKeyRing(config: ConfigService<IdentityEnv, true>): SubjectKeyRing {
  return new SubjectKeyRing({
    current: config.get('SUBJECT_KEY_SECRET', { infer: true }),
    generation: config.get('SUBJECT_KEY_GENERATION', { infer: true }),
    previous: secretList(config.get('SUBJECT_KEY_PREVIOUS_SECRETS', { infer: true })),
  });
}
