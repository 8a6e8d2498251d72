import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import fs from 'node:fs';

/** The raw environment (or a validated env object) that connection settings are read from. */
export type EnvSource = Readonly<Record<string, unknown>>;

/**
 * What is wrong with a configuration, one line per problem, each starting with the variable it is about
 * (`KAFKA_SSL_CA_FILE: cannot read /etc/kafka/ca.pem (ENOENT)`). Never a secret's value.
 */
export type ConfigProblems = string[];

const text = (env: EnvSource, variable: string): string | undefined => {
  const value = env[variable];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

/** A variable's value, undefined when unset or blank. */
export const envString = text;

/** Whether a true/false variable is `true`. */
export const envFlag = (env: EnvSource, variable: string): boolean => text(env, variable) === 'true';

/** The file named by `variable`, or a problem naming the variable, the path and why it cannot be read. */
export function readConfigFile(env: EnvSource, variable: string, problems: ConfigProblems): Buffer | undefined {
  const file = text(env, variable);
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    problems.push(`${variable}: cannot read ${file} (${code})`);
    return undefined;
  }
}

/**
 * A secret given either in `NAME` or as a file in `NAME_FILE` (a mounted Kubernetes or Compose secret;
 * one trailing newline is dropped). Both set, an empty file or an unreadable one is a problem.
 */
export function readSecret(env: EnvSource, variable: string, problems: ConfigProblems): string | undefined {
  const direct = text(env, variable);
  const fileVariable = `${variable}_FILE`;
  if (direct !== undefined && text(env, fileVariable) !== undefined) {
    problems.push(`${variable}: set either ${variable} or ${fileVariable}, not both`);
    return undefined;
  }
  if (direct !== undefined) return direct;
  const content = readConfigFile(env, fileVariable, problems)
    ?.toString('utf8')
    .replace(/\r?\n$/, '');
  if (content === '') problems.push(`${fileVariable}: ${text(env, fileVariable)} is empty`);
  return content || undefined;
}

/** Whether a host name or address is this machine (traffic to it never crosses a network). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The PEM certificates in a file: at least one, each parseable and currently valid. */
export function checkCertificates(pem: Buffer, variable: string, problems: ConfigProblems, now = new Date()): X509Certificate[] {
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    problems.push(`${variable}: the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    return [];
  }
  const certificates: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certificates.push(new X509Certificate(block));
    } catch (err) {
      problems.push(`${variable}: a certificate in the file cannot be parsed (${(err as Error).message})`);
    }
  }
  for (const c of certificates)
    if (new Date(c.validTo) < now)
      problems.push(`${variable}: the certificate "${c.subject.replace(/\n/g, ', ')}" expired on ${c.validTo}`);
  return certificates;
}

/** A PEM private key, decrypted with `passphrase` when it is encrypted. */
export function checkPrivateKey(
  pem: Buffer,
  variable: string,
  passphrase: string | undefined,
  problems: ConfigProblems,
): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch (err) {
    const encrypted = /passphrase|decrypt|bad password/i.test((err as Error).message);
    problems.push(
      encrypted
        ? `${variable}: the private key is encrypted and its password is missing or wrong`
        : `${variable}: not a PEM private key (${(err as Error).message})`,
    );
    return undefined;
  }
}

/** Thrown at boot with every problem, in the same words as the env validation. */
export class ConfigurationError extends Error {
  constructor(readonly problems: ConfigProblems) {
    super(`Invalid configuration, the service will not start:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}
