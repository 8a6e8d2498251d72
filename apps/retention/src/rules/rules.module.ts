import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConfiguredRuleCatalog } from './domain/rule-catalog.js';
import { MongoRulesRepository } from './persistence/mongo-rules.repository.js';
import { RULE_MODEL, RuleSchema } from './persistence/rule.schema.js';
import { RulesRepository } from './persistence/rules.repository.js';
import { RULE_CATALOG } from './rule-catalog.token.js';
import { RulesController } from './rules.controller.js';
import { RulesQuery } from './rules.query.js';
import { ActivateVersionUseCase } from './usecases/activate-version/activate-version.usecase.js';
import { AddVersionUseCase } from './usecases/add-version/add-version.usecase.js';
import { CreateRuleUseCase } from './usecases/create-rule/create-rule.usecase.js';
import { RejectActivationUseCase } from './usecases/reject-activation/reject-activation.usecase.js';
import { ReplaceDraftUseCase } from './usecases/replace-draft/replace-draft.usecase.js';
import { RequestActivationUseCase } from './usecases/request-activation/request-activation.usecase.js';
import { RetireRuleUseCase } from './usecases/retire-rule/retire-rule.usecase.js';

/**
 * Retention rules (gallringsregler): versioned, each active version bound to a gallringsbeslut.
 * Exports `RulesQuery` (activeRules, activeVersion) and `RulesRepository` for the runs and forecast.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: RULE_MODEL, schema: RuleSchema }])],
  controllers: [RulesController],
  providers: [
    { provide: RulesRepository, useClass: MongoRulesRepository },
    { provide: RULE_CATALOG, useClass: ConfiguredRuleCatalog },
    CreateRuleUseCase,
    ReplaceDraftUseCase,
    AddVersionUseCase,
    RequestActivationUseCase,
    ActivateVersionUseCase,
    RejectActivationUseCase,
    RetireRuleUseCase,
    RulesQuery,
  ],
  exports: [RulesRepository, RulesQuery, RULE_CATALOG],
})
export class RulesModule {}
