import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SubjectKeyRing } from '@insyn/person';
import { secretList } from '@insyn/platform';
import { AccessLogModule } from '../access-log/access-log.module.js';
import type { RightsEnv } from '../config/rights-env.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { RekeySubjectsUseCase } from './usecases/rekey-subjects/rekey-subjects.usecase.js';

/**
 * A rotation of SUBJECT_KEY_SECRET (ADR 0025): the subject-key secrets when configured (`null` otherwise:
 * rights never makes a subject key), and the re-keying of what rights stores under a previous one.
 */
@Module({
  imports: [ConsentsModule, RequestsModule, AccessLogModule, KeysModule],
  providers: [
    {
      provide: SubjectKeyRing,
      inject: [ConfigService],
      useFactory: (config: ConfigService<RightsEnv, true>) => {
        const current = config.get('SUBJECT_KEY_SECRET', { infer: true });
        return current === undefined
          ? null
          : new SubjectKeyRing({
              current,
              generation: config.get('SUBJECT_KEY_GENERATION', { infer: true }),
              previous: secretList(config.get('SUBJECT_KEY_PREVIOUS_SECRETS', { infer: true })),
            });
      },
    },
    RekeySubjectsUseCase,
  ],
})
export class SubjectKeysModule {}
