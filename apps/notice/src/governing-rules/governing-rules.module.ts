import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { GoverningRules } from './governing-rules.js';
import { GoverningRulesConsumer } from './governing-rules.consumer.js';
import {
  GOVERNING_RULE_MODEL,
  GoverningRuleSchema,
  RULE_RETIREMENT_MODEL,
  RuleRetirementSchema,
} from './persistence/governing-rule.schema.js';
import { GoverningRulesRepository } from './persistence/governing-rules.repository.js';
import { MongoGoverningRulesRepository } from './persistence/mongo-governing-rules.repository.js';
import { RecordRuleActivationUseCase } from './usecases/record-activation/record-activation.usecase.js';
import { RecordRuleRetirementUseCase } from './usecases/record-retirement/record-retirement.usecase.js';

/**
 * The retention rules that govern the notices' retention statements, as the retention service announces
 * them (`retention.rule.activated.v1`, `retention.rule.retired.v1`). Exports the in-memory
 * `GoverningRules` for the representations and the repository for the DPO's check.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: GOVERNING_RULE_MODEL, schema: GoverningRuleSchema },
      { name: RULE_RETIREMENT_MODEL, schema: RuleRetirementSchema },
    ]),
  ],
  controllers: [GoverningRulesConsumer],
  providers: [
    { provide: GoverningRulesRepository, useClass: MongoGoverningRulesRepository },
    GoverningRules,
    RecordRuleActivationUseCase,
    RecordRuleRetirementUseCase,
  ],
  exports: [GoverningRules, GoverningRulesRepository],
})
export class GoverningRulesModule {}
