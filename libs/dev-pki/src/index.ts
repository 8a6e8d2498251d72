export * from './dev-pki.js';
export * from './local-tls.js';
