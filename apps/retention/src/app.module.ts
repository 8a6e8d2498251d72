import { Module } from '@nestjs/common';
import {
  ConversationArchivedV1Event,
  ConversationClosedV1Event,
  ConversationInaktuellV1Event,
  PurgeCompletedV1Event,
  PurgeRequestedV1Event,
  RightsRequestClosedV1Event,
  RightsRequestOpenedV1Event,
  RuleActivatedV1Event,
  RuleRetiredV1Event,
} from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { CandidatesModule } from './candidates/candidates.module.js';
import { RetentionEnv } from './config/retention-env.js';
import { ForecastModule } from './forecast/forecast.module.js';
import { HoldsModule } from './holds/holds.module.js';
import { ProtocolModule } from './protocol/protocol.module.js';
import { RULES_COLLECTION } from './rules/persistence/rule.schema.js';
import { RulesModule } from './rules/rules.module.js';
import { RUNS_COLLECTION } from './runs/persistence/run.schema.js';
import { RunsModule } from './runs/runs.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'retention',
      env: RetentionEnv,
      events: [
        ConversationClosedV1Event,
        ConversationArchivedV1Event,
        ConversationInaktuellV1Event,
        RightsRequestOpenedV1Event,
        RightsRequestClosedV1Event,
        PurgeRequestedV1Event,
        PurgeCompletedV1Event,
        RuleActivatedV1Event,
        RuleRetiredV1Event,
      ],
      outboxCollections: [RUNS_COLLECTION, RULES_COLLECTION],
    }),
    RulesModule,
    HoldsModule,
    CandidatesModule,
    ForecastModule,
    ProtocolModule,
    RunsModule,
  ],
})
export class AppModule {}
