export * from './access.guard.js';
export * from './access.js';
export * from './auth.module.js';
export * from './current-principal.decorator.js';
export * from './principal.js';
export * from './token-verifier.js';
