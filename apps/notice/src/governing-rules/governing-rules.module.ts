import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { GoverningRules } from './governing-rules.js';
import { GoverningRulesConsumer } from './governing-rules.consumer.js';
import { GOVERNING_RULE_MODEL, GoverningRuleSchema } from './persistence/governing-rule.schema.js';
import { GoverningRulesRepository } from './persistence/governing-rules.repository.js';
import { MongoGoverningRulesRepository } from './persistence/mongo-governing-rules.repository.js';
import { RecordRuleActivationUseCase } from './usecases/record-activation/record-activation.usecase.js';

/**
 * The retention rules that govern the notices' retention statements, as the retention service announces
 * them (`retention.rule.activated.v1`). Exports the in-memory `GoverningRules` for the representations
 * and the repository for the DPO's check.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: GOVERNING_RULE_MODEL, schema: GoverningRuleSchema }])],
  controllers: [GoverningRulesConsumer],
  providers: [{ provide: GoverningRulesRepository, useClass: MongoGoverningRulesRepository }, GoverningRules, RecordRuleActivationUseCase],
  exports: [GoverningRules, GoverningRulesRepository],
})
export class GoverningRulesModule {}
