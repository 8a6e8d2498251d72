import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { AudienceKeys } from './audience-keys.js';
import { PersonAssertionsController } from './person-assertions.controller.js';
import { PersonAssertionsService } from './person-assertions.service.js';

/** Person assertions: a signed-in citizen's personnummer, encrypted to the one service that needs it (ADR 0010). */
@Module({
  imports: [KeysModule, SessionsModule],
  controllers: [PersonAssertionsController],
  providers: [PersonAssertionsService, AudienceKeys],
})
export class AssertionsModule {}
