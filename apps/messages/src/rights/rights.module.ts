import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { RIGHTS_ANSWER_MODEL, RightsAnswerSchema } from './persistence/rights-answer.schema.js';
import { RightsRepository } from './persistence/rights.repository.js';
import { RightsConsumer } from './rights.consumer.js';
import { AnswerRightsRequest } from './usecases/answer-rights-request/answer-rights-request.usecase.js';

/**
 * Data-subject requests, the messages service's part: consumes rights.request.opened.v1 and answers
 * with rights.request.part.v1 from the `rights_answers` outbox (which the app's ServiceKitModule must
 * list in outboxCollections). Reads conversations and messages through ConversationsModule's
 * ConversationsQuery, and decrypts with its ConversationKeys.
 */
@Module({
  imports: [ConversationsModule, MongooseModule.forFeature([{ name: RIGHTS_ANSWER_MODEL, schema: RightsAnswerSchema }])],
  controllers: [RightsConsumer],
  providers: [RightsRepository, AnswerRightsRequest],
})
export class RightsModule {}
