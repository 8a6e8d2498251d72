import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { HoldsModule } from '../holds/holds.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { ForecastController } from './forecast.controller.js';
import { ForecastService } from './forecast.service.js';

/** Forecasts (dry runs) of the active rules over the candidates, minding holds and archive preconditions. */
@Module({
  imports: [RulesModule, HoldsModule, CandidatesModule],
  controllers: [ForecastController],
  providers: [ForecastService],
})
export class ForecastModule {}
