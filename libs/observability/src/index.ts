export * from './health.controller.js';
export * from './http-context.middleware.js';
export * from './logger.js';
export * from './metrics.controller.js';
export * from './observability.module.js';
export * from './problem.js';
export * from './problem-details.filter.js';
