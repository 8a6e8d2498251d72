import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RulesModule } from '../rules/rules.module.js';
import { HoldsConfig } from './holds.config.js';
import { HoldsConsumer } from './holds.consumer.js';
import { HoldsController } from './holds.controller.js';
import { HoldsQuery } from './holds.query.js';
import { HOLD_MODEL, HoldSchema } from './persistence/hold.schema.js';
import { HoldsRepository } from './persistence/holds.repository.js';
import { RekeyHolds } from './usecases/rekey-holds/rekey-holds.usecase.js';
import { HoldForRightsRequest } from './usecases/hold-for-rights-request/hold-for-rights-request.usecase.js';
import { ReleaseForClosedRequest } from './usecases/release-for-closed-request/release-for-closed-request.usecase.js';
import { ReleaseHold } from './usecases/release-hold/release-hold.usecase.js';
import { ReviewHold } from './usecases/review-hold/review-hold.usecase.js';
import { SetHold } from './usecases/set-hold/set-hold.usecase.js';

/**
 * Legal holds (gallringsstopp): set by hand over HTTP, or automatically while a data-subject request is
 * open. Exports HoldsQuery, which gallring runs ask what to leave alone. Imports RulesModule (for
 * RulesRepository: a rule hold must name an existing rule); RulesModule imports nothing of holds.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: HOLD_MODEL, schema: HoldSchema }]), RulesModule],
  controllers: [HoldsController, HoldsConsumer],
  providers: [
    HoldsConfig,
    HoldsRepository,
    HoldsQuery,
    SetHold,
    ReleaseHold,
    ReviewHold,
    HoldForRightsRequest,
    ReleaseForClosedRequest,
    RekeyHolds,
  ],
  exports: [HoldsQuery],
})
export class HoldsModule {}
