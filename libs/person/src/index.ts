export * from './is-personnummer.decorator.js';
export * from './personnummer.js';
export * from './subject-keys.js';
export * from './subject-key-rekeying.js';
