// The secure-messages processing from end to end, as issue #5 describes it, with every part real: the
// e-ID simulator over mutual TLS, the identity service, the messages service, Kafka and MongoDB. A
// municipal system (client credentials) opens a conversation; the citizen signs in with BankID, reads
// and replies; the unit's official signs in with SITHS and closes it; the archive package is produced
// and acknowledged; a purge request deletes the conversation and its key; every read was logged.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { PurgeRequestedV1Event, Topics } from '@insyn/contracts';
import { createTestApp, KafkaProbe, publishEvent, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { CookieJar, freePort, tempDir } from '../identity/identity-harness.js';

const ANNA = '199908072391';
const CARL_HSA = 'SE2120002627-E000000000001'; // the simulator's test official (Carl Celsing)
const SUBJECT_KEY_SECRET = 'system-e2e-subject-key-secret-32-chars!';
const CLIENT_SECRET = 'case-system-secret-for-the-system-test';
const BODY = 'Hej! Du är kallad till ett möte om ditt ärende den 3 december kl 10.';

// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `soc-system-${uniqueSuffix()}`;

// --- the e-ID simulator ---
const { db: identityDb } = useTestEnvironment();
Object.assign(process.env, { PKI_DIR: tempDir('insyn-sys-pki-'), PORT: '0', TLS_PORT: '0', HOST: '127.0.0.1', DOCS_ENABLED: 'false' });
const { startSimulator } = await import('../../apps/eid-simulator/src/testing.js');
const sim = await startSimulator();

// --- identity (its own database; listening, because messages fetches its JWKS) ---
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
  OFFICIALS: JSON.stringify({ [CARL_HSA]: { unit: UNIT, roles: ['messages-handler'] } }),
  IDENTITY_BOOTSTRAP_CLIENTS: JSON.stringify([
    { clientId: 'case-system', secret: CLIENT_SECRET, scopes: ['messages:send', 'messages:read'], unit: UNIT },
  ]),
  LOGIN_COLLECT_INTERVAL_MS: '0',
});
const identityModule = await import('../../apps/identity/src/testing.js');

// --- messages (a database and consumer group of its own) ---
const archiveDir = tempDir('insyn-sys-archive-');
const messagesDb = `${identityDb}_messages`;
Object.assign(process.env, {
  MONGODB_DB: messagesDb,
  KAFKA_CONSUMER_GROUP: `insyn-${messagesDb}`,
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }),
  MESSAGES_KEK_FILE: path.join(tempDir('insyn-sys-kek-'), 'kek.json'),
  ARCHIVE_DIR: archiveDir,
  ARCHIVE_INTERVAL_MS: '500',
});
const messagesModule = await import('../../apps/messages/src/testing.js');

describe('secure messages end to end: simulator, identity, messages, Kafka, MongoDB', () => {
  let identity: INestApplication;
  let messages: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let conversationId: string;
  let citizenToken: string;
  let officialToken: string;
  const msg = () => request(messages.getHttpServer());

  beforeAll(async () => {
    probe = await KafkaProbe.start([
      Topics.AuditAccessedV1,
      Topics.MessagesConversationClosedV1,
      Topics.MessagesConversationArchivedV1,
      Topics.RetentionPurgeCompletedV1,
    ]);
    await request(sim.httpUrl)
      .post('/control/oidc/clients/insyn-identity/redirect-uris')
      .send({ redirectUris: [`${identityUrl}/v1/logins/siths/callback`] })
      .expect((r) => expect(r.status).toBeLessThan(300));
    identity = await createTestApp(identityModule.AppModule, identityModule.SERVICE);
    await identity.listen(identityPort, '127.0.0.1');
    messages = await createTestApp(messagesModule.AppModule, messagesModule.SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: messagesDb }).asPromise();
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await messages?.close();
    await identity?.close();
    await sim.close();
    fs.rmSync(archiveDir, { recursive: true, force: true });
  });

  it('a municipal system gets a client token and opens a conversation with the citizen', async () => {
    const token = await request(identityUrl)
      .post('/oauth/token')
      .auth('case-system', CLIENT_SECRET)
      .type('form')
      .send('grant_type=client_credentials')
      .expect(200);
    const opened = await msg()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${token.body.access_token}`)
      .send({ personnummer: ANNA, subject: 'Kallelse till möte', body: BODY })
      .expect(201);
    conversationId = opened.body.conversationId;
  });

  it('the citizen signs in with BankID (QR, over mTLS), finds the conversation, reads and replies', async () => {
    const jar = new CookieJar();
    const start = await request(identityUrl).post('/v1/logins').send({ provider: 'bankid', method: 'qr' }).expect(201);
    jar.take(start);
    await request(sim.httpUrl)
      .post('/control/bankid/scan')
      .send({ qr: start.body.qr.content, personalNumber: ANNA, approve: true })
      .expect(200);
    for (let i = 0; i < 20; i++) {
      const poll = await request(identityUrl).get(`/v1/logins/${start.body.loginId}`).set('Cookie', jar.header()).expect(200);
      if (poll.body.status === 'complete') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const session = await request(identityUrl).post(`/v1/logins/${start.body.loginId}/session`).set('Cookie', jar.header()).expect(200);
    citizenToken = session.body.accessToken;

    const list = await msg().get('/v1/conversations').set('Authorization', `Bearer ${citizenToken}`).expect(200);
    expect(list.body.map((c: { conversationId: string }) => c.conversationId)).toEqual([conversationId]);
    const read = await msg().get(`/v1/conversations/${conversationId}`).set('Authorization', `Bearer ${citizenToken}`).expect(200);
    expect(read.body.messages[0].body).toBe(BODY);
    await msg()
      .post(`/v1/conversations/${conversationId}/messages`)
      .set('Authorization', `Bearer ${citizenToken}`)
      .send({ body: 'Tack, jag kommer.' })
      .expect(201);
  });

  it('the unit’s official signs in with SITHS eID (OIDC), reads the reply and closes the conversation', async () => {
    const jar = new CookieJar();
    const started = await request(identityUrl).get('/v1/logins/siths').expect(303);
    jar.take(started);
    const idp = new CookieJar();
    const authorize = new URL(started.headers.location!);
    authorize.searchParams.set('login_hint', CARL_HSA);
    let next = authorize.toString();
    while (!next.startsWith(identityUrl)) {
      const res = await request(new URL(next).origin)
        .get(new URL(next).pathname + new URL(next).search)
        .set('Cookie', idp.header());
      idp.take(res);
      next = new URL(res.headers.location!, next).toString();
    }
    jar.take(await request(identityUrl).get(next.slice(identityUrl.length)).set('Cookie', jar.header()).expect(303));
    officialToken = (await request(identityUrl).post('/v1/sessions/refresh').set('Cookie', jar.header()).expect(200)).body.accessToken;

    const read = await msg().get(`/v1/conversations/${conversationId}`).set('Authorization', `Bearer ${officialToken}`).expect(200);
    expect(read.body.messages.map((m: { body: string }) => m.body)).toEqual([BODY, 'Tack, jag kommer.']);
    await msg().post(`/v1/conversations/${conversationId}/close`).set('Authorization', `Bearer ${officialToken}`).expect(200);
  });

  it('the archive package is produced and acknowledged: archived.v1 only with the receipt', async () => {
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.MessagesConversationArchivedV1 && m.key === conversationId));
    const archived = probe
      .on(Topics.MessagesConversationArchivedV1)
      .find((m) => m.key === conversationId)!
      .json<{ data: { packageId: string; receiptId: string } }>()!;
    expect(fs.existsSync(path.join(archiveDir, `${archived.data.packageId}.zip`))).toBe(true);
    expect(fs.existsSync(path.join(archiveDir, `${archived.data.packageId}.receipt.json`))).toBe(true);
  });

  it('a purge request ("archived first") deletes the conversation and its data key', async () => {
    const requestId = randomUUID();
    await publishEvent(PurgeRequestedV1Event, {
      requestId,
      runId: 'system-run-0001',
      ruleId: 'secure-messages-soc',
      ruleVersion: 1,
      chunk: 0,
      selection: {
        service: 'messages',
        unit: UNIT,
        informationType: 'secure-message',
        triggeredBefore: new Date(Date.now() + 60_000).toISOString(),
        requireArchived: true,
      },
      exclusions: { subjectKeys: [], itemIds: [] },
      limit: 100,
      method: 'crypto-shred',
      requestedAt: new Date().toISOString(),
    });
    await probe.waitFor((all) =>
      all.some(
        (m) => m.topic === Topics.RetentionPurgeCompletedV1 && m.json<{ data: { requestId: string } }>()?.data.requestId === requestId,
      ),
    );
    const answer = probe
      .on(Topics.RetentionPurgeCompletedV1)
      .map((m) => m.json<{ data: { requestId: string; deleted: number } }>()!.data)
      .find((d) => d.requestId === requestId)!;
    expect(answer.deleted).toBe(1);
    expect(await raw.collection('conversations').countDocuments({ _id: conversationId as never })).toBe(0);
    expect(await raw.collection('data_keys').countDocuments({ _id: conversationId as never })).toBe(0);
    await msg().get(`/v1/conversations/${conversationId}`).set('Authorization', `Bearer ${citizenToken}`).expect(404);
  });

  it('every read of the content was logged as audit.accessed.v1: the citizen’s and the official’s', async () => {
    const about = (m: { json<T>(): T | undefined }) =>
      m.json<{ data: { resource: { conversationId: string } } }>()?.data.resource.conversationId === conversationId;
    await probe.waitFor((all) => all.filter((m) => m.topic === Topics.AuditAccessedV1 && about(m)).length >= 3);
    const reads = probe
      .on(Topics.AuditAccessedV1)
      .map((m) => m.json<{ data: { accessor: { kind: string }; resource: { conversationId: string } } }>()!.data)
      .filter((d) => d.resource.conversationId === conversationId);
    // Citizen: the read and the read after replying; official: the read before closing.
    expect(reads.map((d) => d.accessor.kind).sort()).toEqual(['citizen', 'citizen', 'official']);
  });
});
