// Kafka as a municipality runs it: TLS with its own CA and SASL SCRAM-SHA-512 (or PLAIN over TLS, or a
// client certificate). This file starts a broker of its own for that (scripts/infra.mjs
// startSecureKafka: a SASL_SSL listener and an mTLS listener, certificates from a throw-away CA, the
// SCRAM credential written by the KRaft storage format), once for the file, and runs the notice service
// through it: publishing goes through the outbox relay to the broker, the service's read model and a
// probe consume it. Then it shows that a wrong password, an untrusted CA, a missing client certificate
// and no credentials at all stop an app at boot within seconds, with the settings to check named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { kafkaClientConfig, kafkaConnection } from '@insyn/messaging';
import {
  createTestApp,
  KafkaProbe,
  linesWithSecrets,
  loggedLines,
  publishNotice,
  TestTokens,
  useTestEnvironment,
  watchLogsFor,
} from '@insyn/testing';
import { Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { parse } from 'yaml';
import { startSecureKafka } from '../../scripts/infra.mjs';
import { bootWith } from './tls-harness.js';

const started = Date.now();
const kafka = await startSecureKafka();
const brokerSeconds = (Date.now() - started) / 1000;
afterAll(() => kafka.stop());

const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kafka-secrets-'));
const passwordFile = path.join(secrets, 'password');
// As a mounted Kubernetes secret often is: with a trailing newline.
fs.writeFileSync(passwordFile, `${kafka.password}\n`, { mode: 0o600 });
watchLogsFor(kafka.password);

const SASL_SSL = {
  KAFKA_BROKERS: kafka.saslSsl,
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: kafka.tls.ca,
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: kafka.username,
  KAFKA_SASL_PASSWORD_FILE: passwordFile,
};

const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, ...SASL_SSL, NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se' });
const { AppModule, SERVICE } = await import('../../apps/notice/src/testing.js');
const UMEA = fs.readFileSync(path.resolve(import.meta.dirname, '../../apps/notice/seed/umea-behandling-sakra-meddelanden.yaml'), 'utf8');
const umeaId = (parse(UMEA) as { id: string }).id;

describe('Kafka over TLS with SASL (a broker of this file, SASL_SSL + SCRAM-SHA-512)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.NoticePublishedV1]);
    app = await createTestApp(AppModule, SERVICE);
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it(`starts the broker once for the file (took ${brokerSeconds.toFixed(1)} s)`, () => {
    expect(brokerSeconds).toBeLessThan(60);
  });

  it('runs the notice service through it: a published notice goes out by the relay and comes back to its read model and a probe', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({ info: { kafka: { status: 'up' } } });

    const editor = await tokens.official(['notice-editor']);
    await http()
      .post('/v1/notices')
      .set('Authorization', `Bearer ${editor}`)
      .set('Content-Type', 'application/yaml')
      .send(UMEA)
      .expect(201);
    await publishNotice(app.getHttpServer(), umeaId, tokens, { submitter: editor });

    const [published] = await probe.waitFor((all) => all.some((m) => m.topic === Topics.NoticePublishedV1 && m.key === umeaId));
    expect(published?.json()).toMatchObject({ type: 'notice.published.v1', source: 'notice', data: { slug: umeaId, version: 1 } });
    // The public read side listens on the same connection (a broadcast consumer of its own).
    const read = await http().get(`/v1/notices/${umeaId}`).expect(200);
    expect(read.body).toMatchObject({ id: umeaId, version: 1 });
  });

  it('connects with SCRAM-SHA-256, with PLAIN over TLS, and with a client certificate on the mTLS listener', async () => {
    const describe = async (settings: Record<string, string>) => {
      const client = new Kafka({ ...kafkaClientConfig(kafkaConnection(settings), 'tls-check'), logLevel: logLevel.NOTHING }).admin();
      await client.connect();
      try {
        return (await client.describeCluster()).brokers.length;
      } finally {
        await client.disconnect();
      }
    };
    const credentials = { KAFKA_SASL_USERNAME: kafka.username, KAFKA_SASL_PASSWORD: kafka.password };
    const tls = { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: kafka.tls.ca };
    expect(await describe({ KAFKA_BROKERS: kafka.saslSsl, ...tls, KAFKA_SASL_MECHANISM: 'scram-sha-256', ...credentials })).toBe(1);
    expect(await describe({ KAFKA_BROKERS: kafka.saslSsl, ...tls, KAFKA_SASL_MECHANISM: 'plain', ...credentials })).toBe(1);
    expect(
      await describe({
        KAFKA_BROKERS: kafka.mtls,
        ...tls,
        KAFKA_SSL_CERT_FILE: kafka.tls.clientCert,
        KAFKA_SSL_KEY_FILE: kafka.tls.clientKey,
      }),
    ).toBe(1);
  });

  describe('refuses, at boot and within seconds, with the settings to check named', () => {
    it('a wrong password', async () => {
      const { outcome, seconds } = await bootWith({ KAFKA_SASL_PASSWORD_FILE: undefined, KAFKA_SASL_PASSWORD: 'not-the-password' });
      expect(outcome).toMatch(
        /the broker refused the SASL credentials \(SCRAM-SHA-512 as insyn\): check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
      );
      expect(seconds).toBeLessThan(15);
    });

    it('a broker certificate from a CA that KAFKA_SSL_CA_FILE does not hold', async () => {
      const { outcome, seconds } = await bootWith({ KAFKA_SSL_CA_FILE: kafka.tls.otherCa });
      expect(outcome).toMatch(
        /the broker's TLS certificate is not trusted: .*unable to verify the first certificate; check KAFKA_SSL_CA_FILE/,
      );
      expect(seconds).toBeLessThan(15);
    });

    it('no credentials on a listener that requires them, and no TLS on a TLS listener', async () => {
      const noSasl = await bootWith({
        KAFKA_SASL_MECHANISM: undefined,
        KAFKA_SASL_USERNAME: undefined,
        KAFKA_SASL_PASSWORD_FILE: undefined,
      });
      expect(noSasl.outcome).toMatch(/its listener probably requires SASL \(KAFKA_SASL_MECHANISM/);
      expect(noSasl.seconds).toBeLessThan(15);
      const noTls = await bootWith({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: undefined, KAFKA_SASL_MECHANISM: 'scram-sha-512' });
      expect(noTls.outcome).toMatch(/its listener probably requires TLS \(KAFKA_SSL=true\)/);
    });

    it('no client certificate where the listener requires one', async () => {
      const { outcome } = await bootWith({
        KAFKA_BROKERS: kafka.mtls,
        KAFKA_SASL_MECHANISM: undefined,
        KAFKA_SASL_USERNAME: undefined,
        KAFKA_SASL_PASSWORD_FILE: undefined,
      });
      expect(outcome).toMatch(/the broker refused the TLS client certificate, or requires one: check KAFKA_SSL_CERT_FILE/);
    });

    it('SASL PLAIN without TLS, before connecting at all', async () => {
      const { outcome } = await bootWith({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: undefined, KAFKA_SASL_MECHANISM: 'plain' });
      expect(outcome).toMatch(
        /Invalid configuration, the service will not start:\n {2}KAFKA_SASL_MECHANISM: plain without KAFKA_SSL=true sends the password in clear text/,
      );
    });
  });

  it('never logs the password', () => {
    expect(loggedLines()).toBeGreaterThan(0);
    expect(linesWithSecrets()).toBe(0);
  });
});
