// Archiving to a folder that is not there yet, and to one that cannot be used, over real Kafka and MongoDB
// (issue 11): the folder is created (0700) at boot and the closed conversation archived; when the folder
// cannot be created (a regular file where its parent should be) /health says degraded, the conversation
// says `archive: failing` with the reason and its next attempt (to the unit, not to the citizen), the
// metrics count it, and once the folder can be made the next attempt archives it and the failure goes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, ManualClock, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';

const SECRET = 'e2e-archive-destination-secret-32-chars';
const PNR = '199908072391';
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `arkiv-${uniqueSuffix()}`;

const tokens = await TestTokens.create();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-archive-destination-'));
const parent = path.join(root, 'not-yet');
const archiveDir = path.join(parent, 'archive');
useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: 'Enheten för arkivtest' } }),
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  ARCHIVE_DIR: archiveDir,
  ARCHIVE_INTERVAL_MS: '200',
});
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

interface Summary {
  conversationId: string;
  archive?: string;
  archiveFailure?: { reason: string; retryable: boolean; since: string; lastAttemptAt: string; nextAttemptAt: string; attempts: number };
}

describe('archiving to a folder that does not exist yet, or cannot be used (real Kafka and MongoDB)', () => {
  // The archiver's backoff runs on the app's clock: the test moves it past the next attempt.
  const clock = new ManualClock(new Date());
  let app: INestApplication;
  let system: string;
  let handler: string;
  let citizen: string;
  const http = () => request(app.getHttpServer());
  const get = (url: string, token: string) => http().get(url).set('Authorization', `Bearer ${token}`);

  const openAndClose = async (): Promise<string> => {
    const opened = await http()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${system}`)
      .send({ personnummer: PNR, subject: 'Kallelse till möte', body: 'Välkommen på möte på tisdag.' })
      .expect(201);
    const id = opened.body.conversationId as string;
    await http().post(`/v1/conversations/${id}/close`).set('Authorization', `Bearer ${handler}`).expect(200);
    return id;
  };
  /** The conversation as the unit's official sees it, once `done` holds (the archiver works in the background). */
  const until = async (id: string, done: (c: Summary) => boolean): Promise<Summary> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const c = (await get(`/v1/conversations/${id}`, handler).expect(200)).body as Summary;
      if (done(c)) return c;
      if (Date.now() > deadline)
        throw new Error(`conversation ${id} still ${JSON.stringify(c.archive)} ${JSON.stringify(c.archiveFailure)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const metric = async (line: RegExp): Promise<number | undefined> => {
    const text = (await http().get('/metrics').expect(200)).text;
    const match = text.split('\n').find((l) => line.test(l));
    return match === undefined ? undefined : Number(match.split(' ').pop());
  };

  /** The gauge is recounted after the archiver's pass, just after the conversation changed. */
  const gauge = async (expected: number): Promise<number | undefined> => {
    const deadline = Date.now() + 5_000;
    let value = await metric(/^insyn_archive_failing_conversations /);
    while (value !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      value = await metric(/^insyn_archive_failing_conversations /);
    }
    return value;
  };

  beforeAll(async () => {
    expect(fs.existsSync(parent)).toBe(false);
    app = await createTestApp(AppModule, SERVICE, { clock });
    system = await tokens.mint({ sub: 'arkiv-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    handler = await tokens.official(['messages-handler'], UNIT);
    citizen = await tokens.citizen(new SubjectKeys(SECRET).of(PNR));
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates the missing folder (0700) at boot and archives a closed conversation into it', async () => {
    expect(fs.statSync(archiveDir).mode & 0o777).toBe(0o700);
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', details: { archive: { status: 'up', destination: 'folder' } } });

    const id = await openAndClose();
    const archived = await until(id, (c) => c.archive === 'archived');
    expect(archived.archiveFailure).toBeUndefined();
    expect(fs.readdirSync(archiveDir).filter((f) => f.endsWith('.zip'))).toHaveLength(1);
  });

  describe('a folder that cannot be created', () => {
    let id: string;
    let failing: Summary;

    beforeAll(() => {
      // A regular file where the folder's parent should be: mkdir fails with ENOTDIR, for root too.
      fs.rmSync(parent, { recursive: true, force: true });
      fs.writeFileSync(parent, 'not a folder');
    });

    it('makes /health degraded (still 200: messages works without its archive) with the reason', async () => {
      const health = await http().get('/health').expect(200);
      expect(health.body).toMatchObject({
        status: 'degraded',
        details: {
          mongodb: { status: 'up' },
          archive: { status: 'degraded', destination: 'folder', writable: false, reason: 'ENOTDIR' },
        },
      });
    });

    it('marks a conversation closed now `failing` with the reason and the next attempt, to the unit only', async () => {
      const before = (await metric(/^insyn_archive_failures_total\{reason="ENOTDIR"\}/)) ?? 0;
      id = await openAndClose();
      failing = await until(id, (c) => c.archive === 'failing');
      expect(failing.archiveFailure).toEqual({
        reason: 'ENOTDIR',
        retryable: true,
        since: clock.now().toISOString(),
        lastAttemptAt: clock.now().toISOString(),
        nextAttemptAt: new Date(clock.now().getTime() + 10_000).toISOString(), // the archiver's first backoff step
        attempts: 1,
      });
      const listed = (await get('/v1/conversations?status=closed', handler).expect(200)).body as Summary[];
      expect(listed.find((c) => c.conversationId === id)).toMatchObject({ archive: 'failing', archiveFailure: { reason: 'ENOTDIR' } });
      const asCitizen = (await get(`/v1/conversations/${id}`, citizen).expect(200)).body as Summary;
      expect(asCitizen.archive).toBe('failing');
      expect(asCitizen.archiveFailure).toBeUndefined();

      expect(await metric(/^insyn_archive_failures_total\{reason="ENOTDIR"\}/)).toBe(before + 1);
      expect(await gauge(1)).toBe(1);
      const health = await http().get('/health').expect(200);
      expect(health.body.details.archive).toMatchObject({ status: 'degraded' });
    });

    it('keeps the backoff: no new attempt before the next attempt is due', async () => {
      await new Promise((r) => setTimeout(r, 1_000)); // five archiver intervals
      expect((await until(id, () => true)).archiveFailure).toMatchObject({ attempts: 1 });
    });

    it('archives it at the next attempt once the folder can be made: the failure goes, /health is ok again', async () => {
      fs.rmSync(parent);
      clock.advance(10_001);
      const archived = await until(id, (c) => c.archive === 'archived');
      expect(archived.archiveFailure).toBeUndefined();
      expect(fs.statSync(archiveDir).mode & 0o777).toBe(0o700);
      expect(fs.readdirSync(archiveDir).filter((f) => f.endsWith('.zip'))).toHaveLength(1);
      expect(await gauge(0)).toBe(0);
      const health = await http().get('/health').expect(200);
      expect(health.body).toMatchObject({ status: 'ok', details: { archive: { status: 'up', destination: 'folder' } } });
    });
  });
});
