export * from './env.js';
export * from './kafka-probe.js';
export * from './test-app.js';
export * from './tokens.js';
export * from './publish.js';
export * from './manual-clock.js';
export * from './problems.js';
export * from './kafka-history.js';
