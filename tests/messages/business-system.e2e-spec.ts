// Issue 18's "done when", with the client SDK (@insyn/client) as a municipal case-management system would
// use it, over real HTTP against real identity and messages apps, Kafka and MongoDB: it gets its token by
// the client-credentials grant, registers a webhook, opens a conversation tied to a case and retries the
// POST with the same Idempotency-Key (one conversation), receives the citizen's reply as a signed webhook it
// verifies, and pages through its conversations changed since a time by following Link. Every answer the
// SDK sees (token requests included) is checked against the service's committed OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  createInsynClient,
  idempotencyKey,
  pages,
  unwrap,
  verifyWebhook,
  WebhookVerificationError,
  type MessageReceivedEvent,
} from '@insyn/client';
import { conformanceCheckingFetch, createTestApp, OpenApiConformance, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { CookieJar, freePort, tempDir } from '../identity/identity-harness.js';

const ANNA = '199908072391';
const SUBJECT_KEY_SECRET = 'business-system-e2e-subject-secret-32ch';
const CLIENT_ID = `case-system-${uniqueSuffix()}`;
const CLIENT_SECRET = 'case-system-secret-for-the-business-e2e';
const CASE = 'SOC 2026/118';
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `soc-business-${uniqueSuffix()}`;

/** The case system's webhook receiver: keeps each request's headers and raw body, answers 204. */
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const RECEIVER_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/insyn/webhooks`;

// --- the e-ID simulator, for the citizen's BankID sign-in ---
const { db: identityDb } = useTestEnvironment();
Object.assign(process.env, { PKI_DIR: tempDir('insyn-business-pki-'), PORT: '0', TLS_PORT: '0', HOST: '127.0.0.1', DOCS_ENABLED: 'false' });
const { startSimulator } = await import('../../apps/eid-simulator/src/testing.js');
const sim = await startSimulator();

// --- identity (listening: messages fetches its JWKS, the SDK its tokens) ---
const identityPort = await freePort();
const identityUrl = `http://127.0.0.1:${identityPort}`;
Object.assign(process.env, {
  PORT: String(identityPort),
  IDENTITY_ISSUER: identityUrl,
  AUTH_ISSUER: identityUrl,
  AUTH_JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
  SUBJECT_KEY_SECRET,
  PORTAL_URL: 'http://portal.test',
  BANKID_URL: `${sim.tlsUrl}/rp/v6.0`,
  BANKID_CLIENT_CERT: sim.pki.rpClientCert,
  BANKID_CLIENT_KEY: sim.pki.rpClientKey,
  BANKID_CA: sim.pki.serverCa,
  SITHS_ISSUER: `${sim.httpUrl}/oidc`,
  SITHS_CLIENT_ID: 'insyn-identity',
  SITHS_CLIENT_SECRET: 'dev-secret-siths',
  IDENTITY_BOOTSTRAP_CLIENTS: JSON.stringify([
    { clientId: CLIENT_ID, secret: CLIENT_SECRET, scopes: ['messages:send', 'messages:read'], unit: UNIT },
  ]),
  LOGIN_COLLECT_INTERVAL_MS: '0',
});
const identityModule = await import('../../apps/identity/src/testing.js');

// --- messages (a database and consumer group of its own) ---
const messagesDb = `${identityDb}_messages`;
Object.assign(process.env, {
  MONGODB_DB: messagesDb,
  KAFKA_CONSUMER_GROUP: `insyn-${messagesDb}`,
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }),
  MESSAGES_KEK_FILE: path.join(tempDir('insyn-business-kek-'), 'kek.json'),
  ARCHIVE_DIR: tempDir('insyn-business-archive-'),
});
const messagesModule = await import('../../apps/messages/src/testing.js');

const until = async (check: () => boolean, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('a business system on the client SDK (real identity, messages, Kafka, MongoDB)', () => {
  let identity: INestApplication;
  let messages: INestApplication;
  let messagesUrl: string;
  // Every answer the SDK sees, checked against the committed document of the service that gave it.
  const conformance = {
    identity: OpenApiConformance.fromFile('apps/identity/openapi.json'),
    messages: OpenApiConformance.fromFile('apps/messages/openapi.json'),
  };
  const unchecked: string[] = [];
  let insyn: ReturnType<typeof createSystem>;
  const createSystem = () => {
    const documents = new Map([
      [identityUrl, conformance.identity],
      [messagesUrl, conformance.messages],
    ]);
    return createInsynClient({
      services: { identity: identityUrl, messages: messagesUrl },
      credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      fetch: conformanceCheckingFetch(documents, unchecked),
    });
  };
  const startedAt = new Date();
  let webhookSecret: string;
  let conversationId: string;
  let citizen: ReturnType<typeof createCitizen>;
  const createCitizen = (token: string) =>
    createInsynClient({
      services: { messages: messagesUrl },
      tokens: { token: () => Promise.resolve(token), invalidate: () => undefined },
      fetch: conformanceCheckingFetch(new Map([[messagesUrl, conformance.messages]]), unchecked),
    });

  beforeAll(async () => {
    identity = await createTestApp(identityModule.AppModule, identityModule.SERVICE);
    await identity.listen(identityPort, '127.0.0.1');
    messages = await createTestApp(messagesModule.AppModule, messagesModule.SERVICE);
    await messages.listen(0, '127.0.0.1');
    messagesUrl = `http://127.0.0.1:${(messages.getHttpServer().address() as AddressInfo).port}`;
    insyn = createSystem();
  });

  afterAll(async () => {
    await messages?.close();
    await identity?.close();
    await sim.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('registers a webhook for its unit (its token by client credentials); the secret comes once', async () => {
    const registered = await unwrap(insyn.messages.POST('/v1/webhooks', { body: { url: RECEIVER_URL } }));
    expect(registered).toMatchObject({ unit: UNIT, url: RECEIVER_URL, events: ['messages.message.received.v1'] });
    expect(registered.secret).toMatch(/^whsec_/);
    webhookSecret = registered.secret;
    const listed = await unwrap(insyn.messages.GET('/v1/webhooks'));
    expect(listed.map((w) => w.webhookId)).toEqual([registered.webhookId]);
  });

  it('opens a conversation with a case reference; the same POST retried with the same key opens no second one', async () => {
    const key = idempotencyKey();
    const open = () =>
      insyn.messages.POST('/v1/conversations', {
        params: { header: { 'Idempotency-Key': key } },
        body: { personnummer: ANNA, subject: 'Beslut i ditt ärende', body: 'Beslutet finns bifogat.', caseReference: CASE },
      });
    const first = await open();
    expect([first.response.status, first.error]).toEqual([201, undefined]);
    conversationId = first.data!.conversationId;
    const retried = await open();
    expect(retried.response.status).toBe(201);
    expect(retried.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.data!.conversationId).toBe(conversationId);

    const ofTheCase = await unwrap(insyn.messages.GET('/v1/conversations', { params: { query: { caseReference: CASE } } }));
    expect(ofTheCase.map((c) => c.conversationId)).toEqual([conversationId]);
  });

  it('receives the citizen’s reply as a webhook it verifies with the SDK', async () => {
    // The citizen signs in with BankID (the simulator over mTLS) and replies through the SDK with her token.
    const jar = new CookieJar();
    const start = await request(identityUrl).post('/v1/logins').send({ provider: 'bankid', method: 'qr' }).expect(201);
    jar.take(start);
    await request(sim.httpUrl)
      .post('/control/bankid/scan')
      .send({ qr: start.body.qr.content, personalNumber: ANNA, approve: true })
      .expect(200);
    let status = 'pending';
    for (let i = 0; i < 50 && status !== 'complete'; i++) {
      status = (await request(identityUrl).get(`/v1/logins/${start.body.loginId}`).set('Cookie', jar.header()).expect(200)).body.status;
      if (status !== 'complete') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const session = await request(identityUrl).post(`/v1/logins/${start.body.loginId}/session`).set('Cookie', jar.header()).expect(200);
    citizen = createCitizen(session.body.accessToken as string);
    await unwrap(
      citizen.messages.POST('/v1/conversations/{conversationId}/messages', {
        params: { path: { conversationId } },
        body: { body: 'Tack, jag har läst beslutet.' },
      }),
    );

    await until(() => received.length >= 1, 60_000);
    const delivery = received[0]!;
    const event = await verifyWebhook<MessageReceivedEvent>(delivery.body, delivery.headers, webhookSecret);
    expect(event).toMatchObject({
      id: delivery.headers['insyn-event-id'],
      type: 'messages.message.received.v1',
      data: { conversationId, unit: UNIT, caseReference: CASE, messageId: expect.any(String), receivedAt: expect.any(String) },
    });
    expect(delivery.body).not.toContain('Tack');
    // What the SDK refuses: another secret, a changed body, an old signature.
    await expect(verifyWebhook(delivery.body, delivery.headers, 'whsec_not-this-one')).rejects.toMatchObject({
      reason: 'signature-mismatch',
    });
    await expect(verifyWebhook(delivery.body.replace(UNIT, 'ks'), delivery.headers, webhookSecret)).rejects.toMatchObject({
      reason: 'signature-mismatch',
    });
    await expect(
      verifyWebhook(delivery.body, delivery.headers, webhookSecret, { now: new Date(Date.now() + 10 * 60_000) }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('pages through its conversations changed since a time, following Link, each once, oldest change first', async () => {
    const others: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const opened = await unwrap(
        insyn.messages.POST('/v1/conversations', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: { personnummer: ANNA, subject: `Kallelse ${n}`, body: 'Välkommen.', caseReference: `${CASE}-${n}` },
        }),
      );
      others.push(opened.conversationId);
    }
    const since = startedAt.toISOString();
    const seen: { conversationId: string; changedAt: string }[] = [];
    let pageCount = 0;
    for await (const page of pages((next) => insyn.messages.GET('/v1/conversations', { params: { query: next ?? { since, limit: 2 } } }))) {
      pageCount++;
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page);
    }
    expect(pageCount).toBe(3);
    // The replied conversation last changed (the reply) before the four were opened, so it comes first; each one once.
    expect(seen.map((c) => c.conversationId)).toEqual([conversationId, ...others]);
    const changed = seen.map((c) => c.changedAt);
    expect([...changed].sort()).toEqual(changed);

    // The next sync, from the largest changedAt seen, finds nothing new.
    const again = await unwrap(insyn.messages.GET('/v1/conversations', { params: { query: { since: changed.at(-1)! } } }));
    expect(again).toEqual([]);
  });

  it('the example integration (examples/case-system) registers its webhook, opens a conversation for a case, syncs by Link, verifies the reply’s webhook, removes its webhook on Ctrl-C', async () => {
    const webhookPort = await freePort();
    const example = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'examples/case-system/case-system.ts'], {
      env: {
        PATH: process.env.PATH,
        INSYN_IDENTITY_URL: identityUrl,
        INSYN_MESSAGES_URL: messagesUrl,
        INSYN_CLIENT_ID: CLIENT_ID,
        INSYN_CLIENT_SECRET: CLIENT_SECRET,
        INSYN_WEBHOOK_PORT: String(webhookPort),
        INSYN_PERSONNUMMER: ANNA,
        INSYN_CASE_REFERENCE: 'KS 2026/7',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    example.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    example.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => example.on('exit', resolve));
    try {
      await until(() => output.includes('waiting for webhooks') || example.exitCode !== null, 60_000);
      expect(output).toMatch(/registered webhook \S+ for unit /);
      const opened = /opened conversation (\S+) for case KS 2026\/7/.exec(output)?.[1];
      expect(opened).toBeDefined();
      // Its sync lists what the system opened above and its own conversation.
      expect(output).toMatch(/6 conversation\(s\) changed since/);
      expect(output).toContain(opened!);

      await unwrap(
        citizen.messages.POST('/v1/conversations/{conversationId}/messages', {
          params: { path: { conversationId: opened! } },
          body: { body: 'Tack för beskedet.' },
        }),
      );
      await until(() => output.includes(`reply in ${opened!} (case KS 2026/7)`), 60_000);
      expect(output).not.toContain('webhook refused');
      expect(output).not.toContain(ANNA);
    } finally {
      example.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('webhook removed');
  });

  it('every answer the SDK saw is the one its service’s OpenAPI describes', () => {
    expect(unchecked).toEqual([]);
    expect(conformance.identity.problems).toEqual([]);
    expect(conformance.messages.problems).toEqual([]);
    // The token request, and every messages call above (the citizen's too).
    expect(conformance.identity.count).toBeGreaterThanOrEqual(1);
    expect(conformance.messages.count).toBeGreaterThanOrEqual(12);
  });
});
