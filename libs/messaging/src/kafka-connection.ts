import type { ConnectionOptions } from 'node:tls';
import {
  checkCertificates,
  checkPrivateKey,
  type ConfigProblems,
  ConfigurationError,
  envFlag,
  envString,
  type EnvSource,
  isLoopbackHost,
  readConfigFile,
  readSecret,
} from '@insyn/platform';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/**
 * How every Kafka client of a process reaches the brokers: producers, consumers and admin clients of the
 * apps, and the tests' and benchmarks' helpers. Holds the secrets read from their files; never log it
 * (log `description`).
 */
export interface KafkaConnection {
  brokers: string[];
  /** TLS options for kafkajs (`ssl`); undefined: plaintext. */
  ssl?: ConnectionOptions;
  sasl?: SASLOptions & { mechanism: KafkaSaslMechanism };
  /** How it connects, without secrets: `TLS (CA from KAFKA_SSL_CA_FILE), SASL SCRAM-SHA-512 as insyn`. */
  description: string;
}

const MECHANISMS: readonly KafkaSaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/**
 * Reads the Kafka connection settings (KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL*, KAFKA_ALLOW_PLAINTEXT) with
 * the files they name, and says what is wrong with them: files that cannot be read or hold no certificate
 * or key, a certificate without its key, an expired certificate, SASL without a user or password, PLAIN
 * without TLS, and in production a broker on another machine without TLS (unless KAFKA_ALLOW_PLAINTEXT).
 */
export function readKafkaConnection(env: EnvSource): { connection?: KafkaConnection; problems: ConfigProblems } {
  const problems: ConfigProblems = [];
  const brokers = (envString(env, 'KAFKA_BROKERS') ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) problems.push('KAFKA_BROKERS: not set (host:port[,host:port...])');
  const tls = envFlag(env, 'KAFKA_SSL');
  const allowPlaintext = envFlag(env, 'KAFKA_ALLOW_PLAINTEXT');

  let ssl: ConnectionOptions | undefined;
  const tlsFiles = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
  if (!tls) {
    for (const variable of tlsFiles)
      if (envString(env, variable)) problems.push(`${variable}: set, but KAFKA_SSL is not true (TLS is off)`);
  } else {
    ssl = { rejectUnauthorized: true };
    const ca = readConfigFile(env, 'KAFKA_SSL_CA_FILE', problems);
    if (ca && checkCertificates(ca, 'KAFKA_SSL_CA_FILE', problems).length > 0) ssl.ca = ca;
    const [certVar, keyVar] = ['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
    if (Boolean(envString(env, certVar)) !== Boolean(envString(env, keyVar)))
      problems.push(
        `${envString(env, certVar) ? keyVar : certVar}: a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE`,
      );
    const cert = readConfigFile(env, certVar, problems);
    const key = readConfigFile(env, keyVar, problems);
    if (cert && key) {
      const passphrase = readSecret(env, 'KAFKA_SSL_KEY_PASSWORD', problems);
      const [leaf] = checkCertificates(cert, certVar, problems);
      const privateKey = checkPrivateKey(key, keyVar, passphrase, problems);
      if (leaf && privateKey && !leaf.checkPrivateKey(privateKey))
        problems.push(`${keyVar}: the key does not belong to the certificate in KAFKA_SSL_CERT_FILE`);
      Object.assign(ssl, { cert, key }, passphrase ? { passphrase } : {});
    }
  }

  let sasl: KafkaConnection['sasl'];
  const mechanism = envString(env, 'KAFKA_SASL_MECHANISM')?.toLowerCase() as KafkaSaslMechanism | undefined;
  if (mechanism === undefined) {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_USERNAME_FILE', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'])
      if (envString(env, variable)) problems.push(`${variable}: set, but KAFKA_SASL_MECHANISM is not (no SASL)`);
  } else if (!MECHANISMS.includes(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM: must be ${MECHANISMS.join(', ')}`);
  } else {
    const username = readSecret(env, 'KAFKA_SASL_USERNAME', problems);
    const password = readSecret(env, 'KAFKA_SASL_PASSWORD', problems);
    if (!username && !envString(env, 'KAFKA_SASL_USERNAME_FILE'))
      problems.push(`KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=${mechanism} (or KAFKA_SASL_USERNAME_FILE)`);
    if (!password && !envString(env, 'KAFKA_SASL_PASSWORD_FILE'))
      problems.push(`KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=${mechanism} (or KAFKA_SASL_PASSWORD_FILE)`);
    if (mechanism === 'plain' && !tls && !allowPlaintext)
      problems.push(
        'KAFKA_SASL_MECHANISM: plain without KAFKA_SSL=true sends the password in clear text; turn TLS on, ' +
          'or set KAFKA_ALLOW_PLAINTEXT=true if the network is encrypted by other means',
      );
    if (username && password) sasl = { mechanism, username, password };
  }

  const remote = brokers.filter((b) => !isLoopbackHost(b.replace(/:\d+$/, '')));
  if (envString(env, 'NODE_ENV') === 'production' && !tls && !allowPlaintext && remote.length > 0)
    problems.push(
      `KAFKA_SSL: production connects to ${remote.join(', ')} without TLS; set KAFKA_SSL=true ` +
        '(and KAFKA_SSL_CA_FILE), or KAFKA_ALLOW_PLAINTEXT=true if the network is encrypted or private by other means',
    );

  if (problems.length > 0) return { problems };
  const description = [
    tls ? `TLS (${ssl?.ca ? 'CA from KAFKA_SSL_CA_FILE' : "the system's CAs"}${ssl?.cert ? ', client certificate' : ''})` : 'plaintext',
    ...(sasl ? [`SASL ${sasl.mechanism.toUpperCase()} as ${sasl.username}`] : []),
  ].join(', ');
  return { connection: { brokers, ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}), description }, problems };
}

/** The connection, or a ConfigurationError naming every problem. Tests and benchmarks read process.env. */
export function kafkaConnection(env: EnvSource = process.env): KafkaConnection {
  const { connection, problems } = readKafkaConnection(env);
  if (!connection) throw new ConfigurationError(problems);
  return connection;
}

/** The kafkajs client settings for a connection: every client of ours is made from these. */
export function kafkaClientConfig(connection: KafkaConnection, clientId: string): KafkaConfig {
  const { brokers, ssl, sasl } = connection;
  return { clientId, brokers, ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/** For validateEnv: the problems only. */
export const kafkaConnectionProblems = (env: object): ConfigProblems => readKafkaConnection(env as EnvSource).problems;

const chain = (err: unknown): { name: string; message: string }[] => {
  const out: { name: string; message: string }[] = [];
  for (let e = err as { name?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined; e && out.length < 5;) {
    out.push({ name: String(e.name ?? ''), message: String(e.message ?? '') });
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return out;
};

/**
 * Says in an operator's words why a connection failed when the cause is the configuration (credentials
 * refused, a certificate not trusted, TLS on one side only, a listener that wants SASL), naming the
 * settings to look at. Undefined for what may pass (a broker down or restarting, a timeout): those are
 * retried and shown by /health.
 */
export function explainKafkaFailure(err: unknown, connection: Pick<KafkaConnection, 'ssl' | 'sasl'>): string | undefined {
  const errors = chain(err);
  const text = errors.map((e) => e.message).join(' | ');
  const first = errors.at(-1)?.message.split('\n')[0] ?? '';
  if (errors.some((e) => e.name === 'KafkaJSSASLAuthenticationError'))
    return (
      `the broker refused the SASL credentials (${connection.sasl?.mechanism.toUpperCase() ?? 'SASL'} as ` +
      `${connection.sasl?.username ?? '?'}): check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (${first})`
    );
  if (/alert (bad certificate|certificate required|unknown ca|certificate unknown)/i.test(text))
    return `the broker refused the TLS client certificate, or requires one: check KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE (${first})`;
  if (/certificate|self[- ]signed|unable to verify|unable to get (local )?issuer|ERR_TLS_CERT|does not match certificate/i.test(text))
    return (
      `the broker's TLS certificate is not trusted: ${first}; check KAFKA_SSL_CA_FILE ` +
      `(${connection.ssl?.ca ? 'it must hold the CA that issued the brokers’ certificates' : "not set: only the system's CAs are trusted"})`
    );
  if (/wrong version number|packet length too long|unknown protocol|EPROTO/i.test(text))
    return `the broker does not speak TLS on this port: check KAFKA_SSL and KAFKA_BROKERS (${first})`;
  if (/closed connection/i.test(text) && !connection.ssl)
    return 'the broker closed the connection at once: its listener probably requires TLS (KAFKA_SSL=true) or SASL (KAFKA_SASL_MECHANISM)';
  if (/closed connection/i.test(text) && !connection.sasl)
    return 'the broker closed the connection at once: its listener probably requires SASL (KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)';
  return undefined;
}
