import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { HoldsModule } from '../holds/holds.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { RuleSchedulesRepository } from './persistence/rule-schedules.repository.js';
import { RULE_SCHEDULE_MODEL, RuleScheduleSchema, RUN_MODEL, RunSchema } from './persistence/run.schema.js';
import { RunsRepository } from './persistence/runs.repository.js';
import { RunScheduler } from './run-scheduler.js';
import { RunsConfig } from './runs.config.js';
import { RunsConsumer } from './runs.consumer.js';
import { RunsController } from './runs.controller.js';
import { RunsMetrics } from './runs.metrics.js';
import { FinishRun } from './usecases/finish-run/finish-run.usecase.js';
import { ReapplyPurges } from './usecases/reapply-purges/reapply-purges.usecase.js';
import { RecordAnswer } from './usecases/record-answer/record-answer.usecase.js';
import { StartRun } from './usecases/start-run/start-run.usecase.js';

/**
 * Gallring runs: started on each rule's schedule (one instance at a time, by a lease per rule) or by
 * hand; they ask the owning service to delete in chunks over Kafka, record the answers, ask again for
 * the unanswered, and leave one entry in the gallringsprotokoll.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RUN_MODEL, schema: RunSchema },
      { name: RULE_SCHEDULE_MODEL, schema: RuleScheduleSchema },
    ]),
    RulesModule,
    HoldsModule,
    CandidatesModule,
    ProtocolModule,
  ],
  controllers: [RunsController, RunsConsumer],
  providers: [
    RunsConfig,
    RunsRepository,
    RuleSchedulesRepository,
    StartRun,
    RecordAnswer,
    FinishRun,
    RunScheduler,
    RunsMetrics,
    ReapplyPurges,
  ],
  exports: [RunScheduler],
})
export class RunsModule {}
