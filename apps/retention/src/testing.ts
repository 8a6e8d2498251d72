// The retention service as the tests in tests/ see it: one entry instead of deep paths into the app.
// Importing it loads the AppModule, whose configuration is validated as it loads: import it (dynamically)
// after the test has set the environment.
export { AppModule } from './app.module.js';
export { SERVICE } from './service.js';
export { protocolDraft } from './domain/protocol/protocol-entry.fixtures.js';
export { HoldsQuery } from './holds/holds.query.js';
export { PROTOCOL_COLLECTION } from './protocol/persistence/protocol-entries.repository.js';
export { ProtocolLedger } from './protocol/protocol.ledger.js';
export { RulesQuery } from './rules/rules.query.js';
export { RunScheduler } from './runs/run-scheduler.js';
export { RunsConfig } from './runs/runs.config.js';
