import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { KeysModule } from '../keys/keys.module.js';
import { EVIDENCE_MODEL, EvidenceSchema, SESSION_MODEL, SessionSchema } from './session.schema.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [
    KeysModule,
    MongooseModule.forFeature([
      { name: SESSION_MODEL, schema: SessionSchema },
      { name: EVIDENCE_MODEL, schema: EvidenceSchema },
    ]),
  ],
  controllers: [SessionsController],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
