import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { PurgeConsumer } from './purge.consumer.js';
import { PURGE_MODEL, PurgeSchema } from './persistence/purge.schema.js';
import { PurgeRepository } from './persistence/purge.repository.js';
import { PurgeService } from './purge.service.js';

@Module({
  imports: [ConversationsModule, MongooseModule.forFeature([{ name: PURGE_MODEL, schema: PurgeSchema }])],
  controllers: [PurgeConsumer],
  providers: [PurgeService, PurgeRepository],
})
export class PurgeModule {}
