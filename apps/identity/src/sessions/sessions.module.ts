import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { KeysModule } from '../keys/keys.module.js';
import { MongoSessionsRepository, MongoSignInEvidenceRepository } from './persistence/mongo-sessions.repository.js';
import { EVIDENCE_MODEL, EvidenceSchema, SESSION_MODEL, SessionSchema } from './persistence/session.schema.js';
import { SessionsRepository, SignInEvidenceRepository } from './persistence/sessions.repository.js';
import { SessionsController } from './sessions.controller.js';
import { SessionAccess } from './usecases/session-access.js';
import { CreateSessionUseCase } from './usecases/create-session/create-session.usecase.js';
import { EndSessionUseCase } from './usecases/end-session/end-session.usecase.js';
import { FindSessionPersonUseCase } from './usecases/find-session-person/find-session-person.usecase.js';
import { GetSessionUseCase } from './usecases/get-session/get-session.usecase.js';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase.js';
import { RefreshSessionUseCase } from './usecases/refresh-session/refresh-session.usecase.js';
import { ResealEvidenceUseCase } from './usecases/reseal-evidence/reseal-evidence.usecase.js';
import { SignOutUseCase } from './usecases/sign-out/sign-out.usecase.js';

/**
 * Sessions: created from a verified identity (by the e-ID and SITHS logins), refreshed with rotating tokens,
 * ended on sign-out. Exports the sign-in for the logins and the session's person for the person assertions.
 */
@Module({
  imports: [
    KeysModule,
    MongooseModule.forFeature([
      { name: SESSION_MODEL, schema: SessionSchema },
      { name: EVIDENCE_MODEL, schema: EvidenceSchema },
    ]),
  ],
  controllers: [SessionsController],
  providers: [
    { provide: SessionsRepository, useClass: MongoSessionsRepository },
    { provide: SignInEvidenceRepository, useClass: MongoSignInEvidenceRepository },
    SessionAccess,
    CreateSessionUseCase,
    RefreshSessionUseCase,
    SignOutUseCase,
    EndSessionUseCase,
    ListSessionsUseCase,
    GetSessionUseCase,
    FindSessionPersonUseCase,
    ResealEvidenceUseCase,
  ],
  exports: [CreateSessionUseCase, FindSessionPersonUseCase],
})
export class SessionsModule {}
