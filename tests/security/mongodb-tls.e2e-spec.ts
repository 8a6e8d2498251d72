// MongoDB over TLS with the municipality's own CA: a server of this file that accepts TLS only
// (FerretDB --listen-tls, or mongod --tlsMode requireTLS where mongod is installed). The notice service
// stores through it with MONGODB_URI `?tls=true` and MONGODB_TLS_CA_FILE; a CA that did not issue the
// server's certificate, and a URI without TLS, stop the boot with the setting named instead of
// mongoose's two minutes of retries. Kafka is the shared broker.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, TestTokens, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { bootWith, startTlsMongo } from './tls-harness.js';

const mongo = await startTlsMongo();
afterAll(() => mongo.stop());

const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, MONGODB_URI: mongo.uri, MONGODB_TLS_CA_FILE: mongo.tls.ca });
const { AppModule, SERVICE, factory } = await import('../../apps/notice/src/testing.js');

describe(`MongoDB over TLS (${mongo.kind})`, () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('runs the notice service on it: /health is up and a draft is stored and read back', async () => {
    await http()
      .get('/health')
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ info: { mongodb: { status: 'up' } } }));
    const editor = await tokens.official(['notice-editor']);
    const notice = factory.notice({ id: 'tls-check' });
    await http().post('/v1/notices').set('Authorization', `Bearer ${editor}`).send(notice).expect(201);
    const draft = await http().get('/v1/notices/tls-check/draft').set('Authorization', `Bearer ${editor}`).expect(200);
    expect(draft.body).toMatchObject({ id: 'tls-check' });
  });

  it('refuses at boot a CA that did not issue the server certificate, within seconds', async () => {
    const { outcome, seconds } = await bootWith({ MONGODB_TLS_CA_FILE: mongo.tls.otherCa });
    expect(outcome).toMatch(
      /MongoDB at 127\.0\.0\.1:\d+ over TLS \(own CA\): its TLS certificate is not trusted \(.*\); check MONGODB_TLS_CA_FILE/,
    );
    expect(seconds).toBeLessThan(10);
  });

  it('refuses at boot a URI without TLS to a server that requires it', async () => {
    const { outcome, seconds } = await bootWith({ MONGODB_URI: mongo.uri.replace('?tls=true', ''), MONGODB_TLS_CA_FILE: undefined });
    expect(outcome).toMatch(/the server closed every connection at once: it probably requires TLS \(tls=true in MONGODB_URI/);
    expect(seconds).toBeLessThan(15);
  });

  it('refuses a CA file that is not there before connecting, naming it', async () => {
    const { outcome } = await bootWith({ MONGODB_TLS_CA_FILE: '/nonexistent/ca.pem' });
    expect(outcome).toMatch(/will not start:\n {2}MONGODB_TLS_CA_FILE: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/);
  });
});
