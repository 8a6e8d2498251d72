import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { KeyProvider, LocalFileKeyProvider } from '@insyn/crypto';
import { SubjectKeyRing } from '@insyn/person';
import { secretList } from '@insyn/platform';
import type { MessagesEnv } from '../config/messages-env.js';
import { JwksController } from './jwks.controller.js';
import { MessagesKeys } from './messages-keys.js';
import { PersonAssertions } from './person-assertions.js';
import { MessagesKeyRepository } from './persistence/messages-key.repository.js';
import { MESSAGES_KEY_MODEL, MessagesKeySchema } from './persistence/messages-key.schema.js';

/**
 * The service's keys: the key-encryption key (behind `KeyProvider`), the encryption key pair identity
 * encrypts person assertions to, its JWKS, and reading those assertions; and the subject-key secrets
 * (current and, during a rotation, previous: ADR 0025).
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: MESSAGES_KEY_MODEL, schema: MessagesKeySchema }])],
  controllers: [JwksController],
  providers: [
    MessagesKeys,
    MessagesKeyRepository,
    PersonAssertions,
    {
      provide: SubjectKeyRing,
      inject: [ConfigService],
      useFactory: (config: ConfigService<MessagesEnv, true>) =>
        new SubjectKeyRing({
          current: config.get('SUBJECT_KEY_SECRET', { infer: true }),
          generation: config.get('SUBJECT_KEY_GENERATION', { infer: true }),
          previous: secretList(config.get('SUBJECT_KEY_PREVIOUS_SECRETS', { infer: true })),
        }),
    },
    {
      provide: KeyProvider,
      inject: [ConfigService],
      useFactory: (config: ConfigService<MessagesEnv, true>) =>
        LocalFileKeyProvider.open(config.get('MESSAGES_KEK_FILE', { infer: true }), {
          createIfMissing: config.get('NODE_ENV', { infer: true }) !== 'production',
        }),
    },
  ],
  exports: [KeyProvider, PersonAssertions, SubjectKeyRing],
})
export class KeysModule {}
