// Deeply nested and very wide JSON bodies are refused with a 400 problem before any transformation, in
// every app (configureApp in @insyn/service-kit): identity's token endpoint before sign-in, the e-ID
// simulator's control API, and the retention service's rules and holds with a valid token. They used
// to overflow the stack in the ValidationPipe's class-transformer step: a 500 and a stack trace logged
// per request. Real Kafka and MongoDB.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, testLogger, TestTokens, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';

const tokens = await TestTokens.create();
useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: 'e2e-json-limits-subject-secret-32-chars',
  NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se',
});
Object.assign(process.env, {
  PKI_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-e2e-pki-')),
  PORT: '0',
  TLS_PORT: '0',
  HOST: '127.0.0.1',
  DOCS_ENABLED: 'false',
});
const { startSimulator } = await import('../../apps/eid-simulator/src/testing.js');
const sim = await startSimulator(testLogger('eid-simulator')); // its log is checked too (tests/setup/log-check.ts)
delete process.env.PORT; // the apps below are driven without listening
const identity = await import('../../apps/identity/src/testing.js');
const retention = await import('../../apps/retention/src/testing.js');
// A consumer group and database of its own: two apps in one group would take each other's partitions.
process.env.KAFKA_CONSUMER_GROUP = `${process.env.KAFKA_CONSUMER_GROUP}-notice`;
process.env.MONGODB_DB = `${process.env.MONGODB_DB}_notice`;
const notice = await import('../../apps/notice/src/testing.js');

/** `{"<key>": [[[ ... 1 ... ]]]}`: about 6 KB at 3000 levels. */
const deep = (key: string, levels = 3000) => `{"${key}":${'['.repeat(levels)}1${']'.repeat(levels)}}`;
const wide = (key: string, count = 25_000) => `{"${key}":[${Array(count).fill('0').join(',')}]}`;

describe('JSON bodies too deep or too wide get a 400 problem, never a 500 (real Kafka and MongoDB)', () => {
  let identityApp: INestApplication;
  let retentionApp: INestApplication;
  let noticeApp: INestApplication;
  let admin: string;
  let written: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    identityApp = await createTestApp(identity.AppModule, identity.SERVICE);
    retentionApp = await createTestApp(retention.AppModule, retention.SERVICE);
    noticeApp = await createTestApp(notice.AppModule, notice.SERVICE);
    admin = await tokens.official(['retention-admin']);
  });

  afterAll(async () => {
    await noticeApp?.close();
    await retentionApp?.close();
    await identityApp?.close();
    await sim?.close();
  });

  // What the apps log (Nest's console logger in tests, pino in production: both write to the process's streams).
  beforeEach(() => {
    written = [];
    const tap = (original: typeof originals.out) =>
      ((chunk: string | Uint8Array, ...rest: never[]) => {
        written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return original(chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = tap(originals.out);
    process.stderr.write = tap(originals.err);
  });
  afterEach(() => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  });

  const expectProblem = (res: request.Response, detail: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad request', detail: expect.stringMatching(detail) });
  };
  const expectNothingLogged = () => {
    const log = written.join('');
    expect(log).not.toMatch(/Maximum call stack|unhandled error|Internal server error/);
  };

  it('identity: POST /oauth/token before sign-in (answered as an RFC 6749 error with the problem fields beside it)', async () => {
    const res = await request(identityApp.getHttpServer())
      .post('/oauth/token')
      .set('Content-Type', 'application/json')
      .send(deep('grant_type'));
    expect(res.status).toBe(400);
    // The token endpoint answers application/json, as OAuth clients expect (ADR 0005).
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      status: 400,
      detail: expect.stringMatching(/nested deeper than 32 levels/),
    });
    // Any other identity route: the plain problem body.
    expectProblem(
      await request(identityApp.getHttpServer()).post('/v1/logins').set('Content-Type', 'application/json').send(deep('provider')),
      /nested deeper than 32 levels/,
    );
    expectNothingLogged();
  });

  it('the e-ID simulator’s control routes', async () => {
    for (const route of ['/control/bankid/scan', '/control/users', '/control/oidc/clients'])
      expectProblem(
        await request(sim.httpUrl).post(route).set('Content-Type', 'application/json').send(deep('personalNumber')),
        /nested deeper/,
      );
    expectNothingLogged();
  });

  it('retention: rules and holds, with a valid token', async () => {
    for (const route of ['/v1/rules', '/v1/holds'])
      expectProblem(
        await request(retentionApp.getHttpServer())
          .post(route)
          .set('Authorization', `Bearer ${admin}`)
          .set('Content-Type', 'application/json')
          .send(deep('scope')),
        /nested deeper/,
      );
    // Wide rather than deep (identity's 16 KB body limit leaves no room for that many values).
    expectProblem(
      await request(retentionApp.getHttpServer())
        .post('/v1/holds')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'application/json')
        .send(wide('targets')),
      /more than 20000 values/,
    );
    expectNothingLogged();
  });

  it('notice: a YAML draft nested 100 000 levels is refused before the YAML parser recurses into it (about 0.5 s of CPU each)', async () => {
    const editor = await tokens.official(['notice-editor']);
    const res = await request(noticeApp.getHttpServer())
      .post('/v1/notices')
      .set('Authorization', `Bearer ${editor}`)
      .set('Content-Type', 'application/yaml')
      .send(`id: deep\ntitle: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ detail: expect.stringMatching(/nested deeper than 32 levels/) });
    expectNothingLogged();
  });

  it('a body at the depth limit still reaches validation (which names the field)', async () => {
    const res = await request(retentionApp.getHttpServer())
      .post('/v1/holds')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send(deep('scope', 30));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/nested deeper/);
    expectNothingLogged();
  });
});
