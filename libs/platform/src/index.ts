export * from './clock.js';
export * from './config.js';
export * from './config-files.js';
export * from './id-generator.js';
export * from './platform.module.js';
export * from './request-context.js';
export * from './mongo-errors.js';
export * from './zoned-time.js';
