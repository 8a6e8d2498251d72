export * from './envelope.js';
export * from './events/identity.js';
export * from './events/notice.js';
export * from './topics.js';
export * from './validate.js';
export * from './registry.js';
