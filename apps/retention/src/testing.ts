// The retention service as the tests in tests/ and the benchmarks in bench/ see it: one entry instead
// of deep paths into the app. Importing it loads the AppModule, whose configuration is validated as it loads:
// import it (dynamically) after the test or benchmark has set the environment.
export { AppModule } from './app.module.js';
export { SERVICE } from './service.js';
export { CandidatesRepository } from './candidates/persistence/candidates.repository.js';
export { protocolDraft } from './domain/protocol/protocol-entry.fixtures.js';
export { ForecastService } from './forecast/forecast.service.js';
export { HoldsQuery } from './holds/holds.query.js';
export { SetHold } from './holds/usecases/set-hold/set-hold.usecase.js';
export { PROTOCOL_COLLECTION } from './protocol/persistence/protocol-entries.repository.js';
export { ProtocolLedger } from './protocol/protocol.ledger.js';
export { RulesQuery } from './rules/rules.query.js';
export { ActivateVersionUseCase } from './rules/usecases/activate-version/activate-version.usecase.js';
export { CreateRuleUseCase } from './rules/usecases/create-rule/create-rule.usecase.js';
export { RequestActivationUseCase } from './rules/usecases/request-activation/request-activation.usecase.js';
export { RunScheduler } from './runs/run-scheduler.js';
export { RunsConfig } from './runs/runs.config.js';
export { FinishRun } from './runs/usecases/finish-run/finish-run.usecase.js';
export { RecordAnswer } from './runs/usecases/record-answer/record-answer.usecase.js';
export { StartRun } from './runs/usecases/start-run/start-run.usecase.js';
