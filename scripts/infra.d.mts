// Types for what TypeScript tests import from scripts/infra.mjs.
import type { LocalTlsSet } from './dev-pki.mjs';

export interface SecureKafka {
  /** The PLAINTEXT listener (inter-broker; a test's own set-up). */
  plaintext: string;
  /** SASL_SSL with SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN for `username`/`password`. */
  saslSsl: string;
  /** SSL that requires a client certificate issued by `tls.ca`. */
  mtls: string;
  username: string;
  password: string;
  tls: LocalTlsSet;
  stop(): Promise<void>;
}
export function startSecureKafka(): Promise<SecureKafka>;
export function freePort(): Promise<number>;
/** The FerretDB binary, built with Go on first use. */
export function ensureFerretDb(): Promise<string>;
