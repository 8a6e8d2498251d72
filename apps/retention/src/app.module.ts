import { Module } from '@nestjs/common';
import { ConversationArchivedV1Event, ConversationClosedV1Event, RightsRequestOpenedV1Event } from '@insyn/contracts';
import { ServiceKitModule } from '@insyn/service-kit';
import { CandidatesModule } from './candidates/candidates.module.js';
import { RetentionEnv } from './config/retention-env.js';
import { ForecastModule } from './forecast/forecast.module.js';
import { HoldsModule } from './holds/holds.module.js';
import { ProtocolModule } from './protocol/protocol.module.js';
import { RulesModule } from './rules/rules.module.js';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'retention',
      env: RetentionEnv,
      events: [ConversationClosedV1Event, ConversationArchivedV1Event, RightsRequestOpenedV1Event],
      outboxCollections: [],
    }),
    RulesModule,
    HoldsModule,
    CandidatesModule,
    ForecastModule,
    ProtocolModule,
  ],
})
export class AppModule {}
