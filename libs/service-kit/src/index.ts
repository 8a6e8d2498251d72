export * from './bootstrap.js';
export * from './service-env.js';
export * from './service-kit.module.js';
