// Archiving to the business system's HTTP endpoint while it answers 503, over real Kafka and MongoDB
// (issue 11): the closed conversation says `archive: failing` with the reason http-503 and its next
// attempt, the metric counts it, /health is degraded with the last failure (an endpoint cannot be probed
// without sending a package), and once the endpoint takes packages the next attempt archives it.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, ManualClock, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';

// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `arkiv-http-${uniqueSuffix()}`;

/** The business system's endpoint: 503 until `accepting`, then a receipt with the SHA-256 of what it got. */
let accepting = false;
const received: Buffer[] = [];
const server: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (!accepting) {
      res.writeHead(503).end();
      return;
    }
    const zip = Buffer.concat(chunks);
    received.push(zip);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ receiptId: randomUUID(), sha256: createHash('sha256').update(zip).digest('hex') }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

const tokens = await TestTokens.create();
useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: 'e2e-archive-endpoint-secret-of-32-chars',
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: 'Enheten för arkivtest' } }),
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  ARCHIVE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sip`,
  ARCHIVE_INTERVAL_MS: '200',
});
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

interface Summary {
  archive?: string;
  archiveFailure?: { reason: string; retryable: boolean; nextAttemptAt: string; attempts: number };
}

describe('archiving to an HTTP endpoint that answers 503 (real Kafka and MongoDB)', () => {
  const clock = new ManualClock(new Date());
  let app: INestApplication;
  let system: string;
  let id: string;
  const http = () => request(app.getHttpServer());
  const until = async (done: (c: Summary) => boolean): Promise<Summary> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const c = (await http().get(`/v1/conversations/${id}`).set('Authorization', `Bearer ${system}`).expect(200)).body as Summary;
      if (done(c)) return c;
      if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(c.archive)} ${JSON.stringify(c.archiveFailure)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const failures = async (reason: string): Promise<number> => {
    const line = (await http().get('/metrics').expect(200)).text
      .split('\n')
      .find((l) => l.startsWith(`insyn_archive_failures_total{reason="${reason}"}`));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  };

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE, { clock });
    system = await tokens.mint({ sub: 'arkiv-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('marks the closed conversation failing with http-503 and its next attempt; counts it; /health is degraded', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', details: { archive: { status: 'up', destination: 'http' } } });

    const opened = await http()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${system}`)
      .send({ personnummer: '199908072391', subject: 'Kallelse till möte', body: 'Välkommen på möte på tisdag.' })
      .expect(201);
    id = opened.body.conversationId as string;
    await http().post(`/v1/conversations/${id}/close`).set('Authorization', `Bearer ${system}`).expect(200);

    const failing = await until((c) => c.archive === 'failing');
    expect(failing.archiveFailure).toMatchObject({
      reason: 'http-503',
      retryable: true,
      nextAttemptAt: new Date(clock.now().getTime() + 10_000).toISOString(),
      attempts: 1,
    });
    expect(await failures('http-503')).toBe(1);
    expect((await http().get('/health').expect(200)).body).toMatchObject({
      status: 'degraded',
      details: { archive: { status: 'degraded', destination: 'http', lastFailure: { reason: 'http-503', at: clock.now().toISOString() } } },
    });
  });

  it('archives it at the next attempt once the endpoint takes packages; the failure goes, /health is ok', async () => {
    accepting = true;
    clock.advance(10_001);
    const archived = await until((c) => c.archive === 'archived');
    expect(archived.archiveFailure).toBeUndefined();
    expect(received).toHaveLength(1);
    expect(await failures('http-503')).toBe(1);
    expect((await http().get('/health').expect(200)).body).toMatchObject({ status: 'ok', details: { archive: { status: 'up' } } });
  });
});
