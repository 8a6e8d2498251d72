import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CandidatesConsumer } from './candidates.consumer.js';
import { CandidatesQuery } from './candidates.query.js';
import { CANDIDATE_MODEL, CandidateSchema } from './persistence/candidate.schema.js';
import { CandidatesRepository } from './persistence/candidates.repository.js';

/**
 * Gallring candidates: closed conversations (unit, information type, subject key, closing and archiving
 * dates) kept from the messages service's events. Exports CandidatesQuery, which forecasts and runs stream.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: CANDIDATE_MODEL, schema: CandidateSchema }])],
  controllers: [CandidatesConsumer],
  providers: [CandidatesRepository, CandidatesQuery],
  exports: [CandidatesQuery],
})
export class CandidatesModule {}
