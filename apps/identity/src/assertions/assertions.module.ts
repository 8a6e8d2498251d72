import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { AudienceKeys } from './audience-keys.js';
import { PersonAssertionsController } from './person-assertions.controller.js';
import { IssuePersonAssertionUseCase } from './usecases/issue-person-assertion/issue-person-assertion.usecase.js';

/** Person assertions: a signed-in citizen's personnummer, encrypted to the one service that needs it (ADR 0010). */
@Module({
  imports: [KeysModule, SessionsModule],
  controllers: [PersonAssertionsController],
  providers: [IssuePersonAssertionUseCase, AudienceKeys],
})
export class AssertionsModule {}
