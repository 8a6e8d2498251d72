// The end-to-end log check (tests/setup/log-check.ts) sees what an app logs, and would fail a file whose
// apps logged a personnummer: here one is logged past the scrubber on purpose, found, and taken back.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplication, Logger } from '@nestjs/common';
import { createTestApp, loggedLines, takeLogHits, TestTokens, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';

const PNR = '199908072391';
const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, SUBJECT_KEY_SECRET: 'e2e-log-check-subject-secret-32-chars-x' });
const { AppModule, SERVICE } = await import('../../apps/retention/src/testing.js');

describe('the log check of the end-to-end tests', () => {
  let app: INestApplication;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    admin = await tokens.official(['retention-admin']);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reads the access log, where a personnummer in a path arrives masked', async () => {
    const before = loggedLines();
    for (const path of [`/v1/holds/a${PNR}`, `/v1/holds/x_19990807%2D2391`, `/v1/rules/${PNR}`])
      await request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${admin}`);
    // Each request writes one access line, after its response: wait for the third.
    for (let i = 0; i < 50 && loggedLines() < before + 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(loggedLines()).toBeGreaterThanOrEqual(before + 3);
    expect(takeLogHits()).toEqual([]);
  });

  it('finds a personnummer logged past the scrubber (in a field no redaction path names), and shows it masked', () => {
    new Logger('Deliberate').log({ msg: 'looked up', note: PNR });
    new Logger('Deliberate').warn(`looked up ${PNR}`); // the message is scrubbed: no hit
    const hits = takeLogHits();
    expect(hits).toHaveLength(1);
    expect(hits[0]!.line).toContain('[personnummer]');
    expect(hits[0]!.line).not.toContain(PNR);
  });
});
