import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalTlsSet, type LocalTlsSet } from '@insyn/dev-pki';
import { explainKafkaFailure, kafkaConnection, readKafkaConnection } from './kafka-connection.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kafka-conn-'));
let tls: LocalTlsSet;
const base = { KAFKA_BROKERS: 'kafka-0.kommun.example:9093,kafka-1.kommun.example:9093' };
const problems = (env: Record<string, string>) => readKafkaConnection({ ...base, ...env }).problems;

beforeAll(async () => {
  tls = await createLocalTlsSet(path.join(dir, 'tls'), 'unit');
  fs.writeFileSync(path.join(dir, 'password'), 'hemligt-lösen\n');
  fs.writeFileSync(path.join(dir, 'empty'), '');
});

describe('readKafkaConnection', () => {
  it('connects in plaintext by default, as development does', () => {
    const c = kafkaConnection({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(c).toEqual({ brokers: ['127.0.0.1:9092'], description: 'plaintext' });
  });

  it('reads TLS with its CA, a client certificate and SCRAM with the password from a file (one newline dropped)', () => {
    const c = kafkaConnection({
      ...base,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: tls.ca,
      KAFKA_SSL_CERT_FILE: tls.clientCert,
      KAFKA_SSL_KEY_FILE: tls.clientKey,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'insyn-messages',
      KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password'),
    });
    expect(c.brokers).toHaveLength(2);
    expect(c.ssl?.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(c.ssl?.rejectUnauthorized).toBe(true);
    expect(c.ssl?.cert).toBeDefined();
    expect(c.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'insyn-messages', password: 'hemligt-lösen' });
    expect(c.description).toBe('TLS (CA from KAFKA_SSL_CA_FILE, client certificate), SASL SCRAM-SHA-512 as insyn-messages');
    expect(c.description).not.toContain('lösen');
  });

  it('names every problem, with the variable and never a secret', () => {
    const found = problems({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: path.join(dir, 'missing.pem'),
      KAFKA_SSL_CERT_FILE: tls.clientCert,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_PASSWORD: 'topsecret-value',
      KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password'),
    });
    expect(found).toEqual([
      expect.stringMatching(/^KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/),
      expect.stringMatching(/^KAFKA_SSL_KEY_FILE: a client certificate needs both/),
      'KAFKA_SASL_PASSWORD: set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both',
      expect.stringMatching(/^KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=scram-sha-256/),
    ]);
    expect(found.join('\n')).not.toContain('topsecret-value');
    expect(() => kafkaConnection({ ...base, KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(/will not start:\n {2}KAFKA_SASL_USERNAME/);
  });

  it('refuses a file that holds no certificate, a key of another certificate, and an empty secret file', () => {
    const found = problems({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: tls.clientKey,
      KAFKA_SSL_CERT_FILE: tls.clientCert,
      KAFKA_SSL_KEY_FILE: tls.serverKey,
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'insyn',
      KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'empty'),
    });
    expect(found).toEqual([
      'KAFKA_SSL_CA_FILE: the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
      'KAFKA_SSL_KEY_FILE: the key does not belong to the certificate in KAFKA_SSL_CERT_FILE',
      expect.stringMatching(/^KAFKA_SASL_PASSWORD_FILE: .*empty is empty$/),
    ]);
  });

  it('refuses SASL PLAIN without TLS unless KAFKA_ALLOW_PLAINTEXT=true, and TLS files with TLS off', () => {
    const plain = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'insyn', KAFKA_SASL_PASSWORD: 'x' };
    expect(problems(plain)).toEqual([
      expect.stringMatching(/^KAFKA_SASL_MECHANISM: plain without KAFKA_SSL=true sends the password in clear text/),
    ]);
    expect(problems({ ...plain, KAFKA_ALLOW_PLAINTEXT: 'true' })).toEqual([]);
    expect(problems({ KAFKA_SSL_CA_FILE: tls.ca })).toEqual(['KAFKA_SSL_CA_FILE: set, but KAFKA_SSL is not true (TLS is off)']);
    expect(problems({ KAFKA_SASL_USERNAME: 'insyn' })).toEqual(['KAFKA_SASL_USERNAME: set, but KAFKA_SASL_MECHANISM is not (no SASL)']);
  });

  it('refuses, in production, brokers on another machine without TLS unless KAFKA_ALLOW_PLAINTEXT=true', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^KAFKA_SSL: production connects to kafka-0.kommun.example:9093, kafka-1.kommun.example:9093 without TLS/),
    ]);
    expect(problems({ NODE_ENV: 'production', KAFKA_ALLOW_PLAINTEXT: 'true' })).toEqual([]);
    expect(problems({ NODE_ENV: 'production', KAFKA_SSL: 'true' })).toEqual([]);
    expect(readKafkaConnection({ NODE_ENV: 'production', KAFKA_BROKERS: '127.0.0.1:9092,localhost:9093' }).problems).toEqual([]);
  });
});

describe('explainKafkaFailure', () => {
  const tlsScram = { ssl: { ca: 'x' }, sasl: { mechanism: 'scram-sha-512' as const, username: 'insyn', password: 'pw' } };
  const retried = (message: string) => Object.assign(new Error('retries exceeded'), { cause: new Error(message) });

  it('names the settings for credentials refused, an untrusted certificate, a refused client certificate, TLS on one side only', () => {
    const sasl = Object.assign(new Error('SASL SCRAM SHA512 authentication failed: invalid credentials'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    expect(explainKafkaFailure(sasl, tlsScram)).toMatch(
      /refused the SASL credentials \(SCRAM-SHA-512 as insyn\): check KAFKA_SASL_USERNAME/,
    );
    expect(explainKafkaFailure(retried('Connection error: unable to verify the first certificate'), tlsScram)).toMatch(
      /TLS certificate is not trusted: Connection error: unable to verify the first certificate; check KAFKA_SSL_CA_FILE/,
    );
    expect(explainKafkaFailure(retried('Connection error: ...:sslv3 alert bad certificate:...'), tlsScram)).toMatch(/KAFKA_SSL_CERT_FILE/);
    expect(explainKafkaFailure(retried('Connection error: ...:wrong version number:...'), tlsScram)).toMatch(/does not speak TLS/);
    expect(explainKafkaFailure(new Error('Closed connection'), {})).toMatch(/requires TLS \(KAFKA_SSL=true\) or SASL/);
    expect(explainKafkaFailure(new Error('Closed connection'), { ssl: {} })).toMatch(/requires SASL/);
  });

  it('leaves what may pass to the retries: a broker down, a timeout', () => {
    expect(explainKafkaFailure(retried('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), tlsScram)).toBeUndefined();
    expect(explainKafkaFailure(new Error('Connection timeout'), tlsScram)).toBeUndefined();
  });
});
