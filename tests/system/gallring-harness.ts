// The retention and messages services side by side, as the gallring system tests run them: each with a
// database and consumer group of its own, one unit of the test file's own, real Kafka and MongoDB, and
// one simulated clock. Call `gallringServices` at the top of the file (it sets the environment the apps
// read when they are imported), then `start(clock)` in beforeAll and `stop()` in afterAll.
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, eventually, type ManualClock, TestTokens, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { activateWithApproval } from '../retention/rule-approval.js';
import { tempDir } from '../identity/identity-harness.js';

export interface GallringOptions {
  unit: string;
  unitName: string;
  subjectKeySecret: string;
  /** More settings for the retention service (e.g. RETENTION_CHUNK_SIZE). */
  retentionEnv?: Record<string, string>;
}

export async function gallringServices(options: GallringOptions) {
  const tokens = await TestTokens.create();
  const units = JSON.stringify({ [options.unit]: { name: options.unitName } });
  const { db: retentionDb } = useTestEnvironment({
    ...tokens.env,
    SUBJECT_KEY_SECRET: options.subjectKeySecret,
    RETENTION_UNITS: units,
    RETENTION_SCHEDULER: 'off', // the test ticks the scheduler at the simulated nights
    ...options.retentionEnv,
  });
  const retentionModule = await import('../../apps/retention/src/testing.js');
  const { RunScheduler } = retentionModule;

  const archiveDir = tempDir('insyn-gallring-archive-');
  const messagesDb = `${retentionDb}_messages`;
  Object.assign(process.env, {
    MONGODB_DB: messagesDb,
    KAFKA_CONSUMER_GROUP: `insyn-${messagesDb}`,
    MESSAGES_UNITS: units,
    MESSAGES_KEK_FILE: path.join(tempDir('insyn-gallring-kek-'), 'kek.json'),
    ARCHIVE_DIR: archiveDir,
    ARCHIVE_INTERVAL_MS: '3600000', // archived right after closing; no timer passes in between
  });
  const messagesModule = await import('../../apps/messages/src/testing.js');
  const { Archiver } = messagesModule;

  const running: {
    retention?: INestApplication;
    messages?: INestApplication;
    retentionRaw?: mongoose.Connection;
    messagesRaw?: mongoose.Connection;
  } = {};

  return {
    tokens,
    RunScheduler,
    Archiver,
    /** Both apps on `clock`, and a raw connection to each one's database. */
    async start(clock: ManualClock) {
      running.retention = await createTestApp(retentionModule.AppModule, retentionModule.SERVICE, { clock });
      running.messages = await createTestApp(messagesModule.AppModule, messagesModule.SERVICE, { clock });
      running.retentionRaw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: retentionDb }).asPromise();
      running.messagesRaw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: messagesDb }).asPromise();
      return running as Required<typeof running>;
    },
    async stop() {
      await running.retentionRaw?.close();
      await running.messagesRaw?.close();
      await running.messages?.close();
      await running.retention?.close();
      fs.rmSync(archiveDir, { recursive: true, force: true });
    },
  };
}

/**
 * A retention admin's rule, decided and its first version activated (the rule's `ruleId` and `unit` in
 * `rule`): submitted by `admin`, approved by `approver`, a second official (four-eyes, ADR 0024).
 */
export async function activateRule(
  retention: INestApplication,
  admin: string,
  rule: { ruleId: string } & Record<string, unknown>,
  approver: string,
): Promise<void> {
  const ret = () => request(retention.getHttpServer());
  await ret()
    .post('/v1/rules')
    .set('Authorization', `Bearer ${admin}`)
    .send({ informationType: 'secure-message', schedule: '0 2 * * *', ...rule })
    .expect(201);
  await activateWithApproval(retention.getHttpServer(), rule.ruleId, 1, admin, approver);
}

/** The run's view once it has finished (as one who may read runs). */
export function finishedRun<T extends { status: string }>(retention: INestApplication, reader: string, runId: string): Promise<T> {
  return eventually(async () => {
    const run = (await request(retention.getHttpServer()).get(`/v1/runs/${runId}`).set('Authorization', `Bearer ${reader}`).expect(200))
      .body as T;
    return run.status === 'finished' ? run : undefined;
  }, 30_000);
}
