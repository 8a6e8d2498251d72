// The identity service against the e-ID simulator over real HTTPS with client certificates, with real
// Kafka and MongoDB: BankID (QR and same device), Freja and SITHS sign-ins ending in sessions whose
// tokens other services accept, every BankID hint-code path, both cancel paths, refresh rotation and
// reuse detection, citizens kept apart, municipal-system clients, and bad input.
import fs from 'node:fs';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { TokenVerifier } from '@insyn/auth';
import { Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, metricValue, useTestEnvironment } from '@insyn/testing';
import { compactDecrypt, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { CookieJar, freePort, tempDir } from './identity-harness.js';

const ANNA = '199908072391';
const BRITT = '195006262546';
const CARL = '196802020575'; // the simulator's test official, with an HSA-id
const CARL_HSA = 'SE2120002627-E000000000001';
// Two more of the simulator's development officials: a single role each, of another unit than Carl's.
const GUSTAV = '199005102398'; // identity-admin alone
const GUSTAV_HSA = 'SE2120002627-E000000000004';
const KARL = '199301052396'; // rights-handler alone
const KARL_HSA = 'SE2120002627-E000000000008';
const SUBJECT_SECRET = 'e2e-subject-key-secret-at-least-32-chars';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) insyn-e2e';

useTestEnvironment();
Object.assign(process.env, { PKI_DIR: tempDir('insyn-e2e-pki-'), PORT: '0', TLS_PORT: '0', HOST: '127.0.0.1', DOCS_ENABLED: 'false' });
const { startSimulator } = await import('../../apps/eid-simulator/src/testing.js');
const sim = await startSimulator();

const identityPort = await freePort();
const identityUrl = `http://127.0.0.1:${identityPort}`;
const CLIENT_SECRET = 'case-system-secret-0123456789';
// The messages service's key set, as identity fetches it for a person assertion (ADR 0010): a key pair of this file's own.
const messagesKey = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
const messagesJwks = createServer((_req, res) => {
  void exportJWK(messagesKey.publicKey).then((jwk) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [{ ...jwk, kid: 'enc-1', alg: 'ECDH-ES', use: 'enc' }] })),
  );
});
await new Promise<void>((resolve) => messagesJwks.listen(0, '127.0.0.1', resolve));
const messagesJwksUrl = `http://127.0.0.1:${(messagesJwks.address() as { port: number }).port}/.well-known/jwks.json`;
Object.assign(process.env, {
  PORT: String(identityPort),
  IDENTITY_ISSUER: identityUrl,
  AUTH_ISSUER: identityUrl,
  AUTH_JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
  PORTAL_URL: 'http://portal.test',
  SUBJECT_KEY_SECRET: SUBJECT_SECRET,
  BANKID_URL: `${sim.tlsUrl}/rp/v6.0`,
  BANKID_CLIENT_CERT: sim.pki.rpClientCert,
  BANKID_CLIENT_KEY: sim.pki.rpClientKey,
  BANKID_CA: sim.pki.serverCa,
  FREJA_URL: sim.tlsUrl,
  FREJA_CLIENT_CERT: sim.pki.rpClientCert,
  FREJA_CLIENT_KEY: sim.pki.rpClientKey,
  FREJA_CA: sim.pki.serverCa,
  FREJA_JWS_CERTS: sim.pki.frejaJwsCert,
  SITHS_ISSUER: `${sim.httpUrl}/oidc`,
  SITHS_CLIENT_ID: 'insyn-identity',
  SITHS_CLIENT_SECRET: 'dev-secret-siths',
  OFFICIALS: JSON.stringify({
    [CARL_HSA]: { unit: 'socialtjansten', roles: ['identity-admin', 'dpo'] },
    [GUSTAV_HSA]: { unit: 'kommunstyrelsen', roles: ['identity-admin'] },
    [KARL_HSA]: { unit: 'kommunstyrelsen', roles: ['rights-handler'] },
  }),
  IDENTITY_BOOTSTRAP_CLIENTS: JSON.stringify([
    { clientId: 'case-system', secret: CLIENT_SECRET, scopes: ['messages:send', 'messages:read'], unit: 'socialtjansten' },
  ]),
  LOGIN_COLLECT_INTERVAL_MS: '0',
  REFRESH_REUSE_GRACE_MS: '0',
  LOGIN_RATE_LIMIT: '200',
  PERSON_ASSERTION_AUDIENCES: JSON.stringify({
    'insyn-messages': messagesJwksUrl,
    'insyn-down': `http://127.0.0.1:${await freePort()}/jwks`,
  }),
});
const { AppModule, SERVICE, userMessage, BankIdProvider } = await import('../../apps/identity/src/testing.js');

interface LoginBody {
  loginId: string;
  status: string;
  returned?: boolean;
  hintCode?: string;
  message: { code: string; sv: string; en: string };
  qr?: { content: string; svg: string };
  autoStartUrl?: string;
}

describe('identity end to end (e-ID simulator over mTLS, real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  const verifier = new TokenVerifier({ issuer: identityUrl, audience: 'insyn', jwksUrl: `${identityUrl}/.well-known/jwks.json` });
  const http = () => request(identityUrl);
  const simHttp = () => request(sim.httpUrl);
  const subjectKeys = new SubjectKeys(SUBJECT_SECRET);

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.IdentitySignedInV1]);
    await simHttp()
      .post('/control/oidc/clients/insyn-identity/redirect-uris')
      .send({ redirectUris: [`${identityUrl}/v1/logins/siths/callback`] })
      .expect((r) => expect(r.status).toBeLessThan(300));
    app = await createTestApp(AppModule, SERVICE);
    await app.listen(identityPort, '127.0.0.1');
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
    await sim.close();
    messagesJwks.close();
  });

  async function start(jar: CookieJar, body: Record<string, unknown>, expected = 201): Promise<LoginBody> {
    const res = await http().post('/v1/logins').set('Cookie', jar.header()).set('User-Agent', BROWSER).send(body).expect(expected);
    jar.take(res);
    return res.body as LoginBody;
  }

  const poll = async (jar: CookieJar, loginId: string, expected = 200) =>
    (await http().get(`/v1/logins/${loginId}`).set('Cookie', jar.header()).expect(expected)).body as LoginBody;

  async function pollUntil(jar: CookieJar, loginId: string, status: string): Promise<LoginBody> {
    for (let i = 0; i < 50; i++) {
      const body = await poll(jar, loginId);
      if (body.status === status) return body;
      if (body.status !== 'pending') throw new Error(`login ended ${body.status}/${body.hintCode}, expected ${status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`login never reached ${status}`);
  }

  async function exchange(jar: CookieJar, loginId: string): Promise<string> {
    const res = await http().post(`/v1/logins/${loginId}/session`).set('Cookie', jar.header()).expect(200);
    jar.take(res);
    expect(jar.get('insyn_refresh')).toBeDefined();
    expect(res.headers['set-cookie']!.toString()).toMatch(/insyn_refresh=.*HttpOnly.*Secure|insyn_refresh=.*Secure.*HttpOnly/);
    return (res.body as { accessToken: string }).accessToken;
  }

  async function bankIdLogin(pnr: string): Promise<{ jar: CookieJar; token: string }> {
    const jar = new CookieJar();
    const login = await start(jar, { provider: 'bankid', method: 'qr' });
    await simHttp().post('/control/bankid/scan').send({ qr: login.qr!.content, personalNumber: pnr, approve: true }).expect(200);
    await pollUntil(jar, login.loginId, 'complete');
    return { jar, token: await exchange(jar, login.loginId) };
  }

  describe('BankID', () => {
    it('QR login: animated QR, the app scans and approves, the session’s token is accepted by @insyn/auth (what every service uses)', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'qr' });
      expect(login).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction', message: { code: 'RFA1' } });
      expect(login.qr!.content).toMatch(/^bankid\.[0-9a-f-]{36}\.\d+\.[0-9a-f]{64}$/);
      expect(login.qr!.svg).toMatch(/^<svg/);
      expect(JSON.stringify(login)).not.toMatch(/qrStartSecret|startSecret/);
      expect(jar.get('insyn_login')).toMatch(/^[\w-]{43}$/);

      await simHttp().post('/control/bankid/scan').send({ qr: login.qr!.content, personalNumber: ANNA }).expect(200);
      const signing = await poll(jar, login.loginId);
      expect(signing).toMatchObject({ status: 'pending', hintCode: 'userSign', message: { code: 'RFA9' } });
      expect(signing.qr).toBeUndefined();
      const orderRef = ((await simHttp().get('/control/bankid/orders').expect(200)).body as { orderRef: string; status: string }[])[0]!
        .orderRef;
      await simHttp().post(`/control/bankid/orders/${orderRef}/approve`).send({ personalNumber: ANNA }).expect(200);
      expect(await pollUntil(jar, login.loginId, 'complete')).toMatchObject({ status: 'complete' });

      const token = await exchange(jar, login.loginId);
      const principal = await verifier.verify(token);
      expect(principal).toMatchObject({
        kind: 'citizen',
        subject: subjectKeys.of(ANNA),
        loa: 3,
        provider: 'bankid',
        name: 'Anna Andersson',
      });
      expect(token.split('.')[1]).not.toContain(Buffer.from(ANNA).toString('base64url').slice(0, 8));
      expect(JSON.stringify(principal)).not.toContain(ANNA);
      // RFC 9068 2.2: the browser sign-in's client id, which no municipal system may register.
      expect(decodeJwt(token)).toMatchObject({ client_id: 'insyn-portal', sub: subjectKeys.of(ANNA) });

      // identity.signed-in.v1 went out with the subject key and no personnummer.
      await probe.waitFor((all) => all.some((m) => m.json<{ subjectKey?: string }>()?.subjectKey === subjectKeys.of(ANNA)));
      const event = probe
        .on(Topics.IdentitySignedInV1)
        .find((m) => m.json<{ subjectKey?: string }>()?.subjectKey === subjectKeys.of(ANNA))!;
      expect(event.value).not.toContain(ANNA);
      expect(event.key).not.toContain(ANNA);
      expect(event.json()).toMatchObject({ data: { kind: 'citizen', method: 'bankid', loa: 3 } });
    });

    it('the result is single-use and only for the browser that started it', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'qr' });
      await simHttp().post('/control/bankid/scan').send({ qr: login.qr!.content, personalNumber: BRITT, approve: true }).expect(200);
      const stranger = new CookieJar();
      stranger.set('insyn_login', 'A'.repeat(43));
      await poll(stranger, login.loginId, 404);
      await http().post(`/v1/logins/${login.loginId}/session`).set('Cookie', stranger.header()).expect(404);
      await pollUntil(jar, login.loginId, 'complete');
      await http().post(`/v1/logins/${login.loginId}/session`).set('Cookie', stranger.header()).expect(404);
      await exchange(jar, login.loginId);
      const replay = await http().post(`/v1/logins/${login.loginId}/session`).set('Cookie', jar.header()).expect(404);
      expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
      await poll(jar, 'not-a-login-handle', 404);
    });

    it('same-device login (RP API 6.1): the app returns to the portal with a nonce; only the browser that started redeems it', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'same-device', returnTo: '/mina-behandlingar' });
      expect(login.qr).toBeUndefined();
      expect(login.returned).toBe(false);
      const url = new URL(login.autoStartUrl!.replace('bankid:///', 'bankid://x/'));
      const autoStartToken = url.searchParams.get('autostarttoken');
      expect(autoStartToken).toMatch(/^[0-9a-f-]{36}$/);
      const approved = await simHttp()
        .post('/control/bankid/autostart')
        .send({ autoStartToken, personalNumber: BRITT, approve: true })
        .expect(200);
      const app = approved.body as { returnUrl: string; returnRisk: boolean; web: Record<string, string> };
      // What identity sent BankID: the portal's domain, the browser, a hashed device id; risk asked for.
      expect(app.returnRisk).toBe(true);
      expect(app.web).toEqual({
        referringDomain: 'portal.test',
        userAgent: BROWSER,
        deviceIdentifier: expect.stringMatching(/^[\w-]{43}$/),
      });
      expect(app.web.deviceIdentifier).not.toBe(jar.get('insyn_login'));
      const back = new URL(app.returnUrl);
      expect(`${back.origin}${back.pathname}`).toBe('http://portal.test/mina-behandlingar');
      const nonce = back.searchParams.get('eidReturn')!;
      expect(nonce).toMatch(/^[\w-]{43}$/);
      expect(app.returnUrl).not.toContain(login.loginId);
      await pollUntil(jar, login.loginId, 'complete');

      // Complete at BankID, but the app has not come back to this browser: no session yet.
      const early = await http().post(`/v1/logins/${login.loginId}/session`).set('Cookie', jar.header()).expect(409);
      expect(early.body).toMatchObject({ type: expect.stringContaining('eid/return-pending') });
      // Another browser with the nonce, and this browser with another nonce, find nothing.
      const elsewhere = new CookieJar();
      elsewhere.set('insyn_login', 'A'.repeat(43));
      await http().post(`/v1/logins/${login.loginId}/return`).set('Cookie', elsewhere.header()).send({ nonce }).expect(404);
      await http()
        .post(`/v1/logins/${login.loginId}/return`)
        .set('Cookie', jar.header())
        .send({ nonce: 'B'.repeat(43) })
        .expect(404);
      await http().post(`/v1/logins/${login.loginId}/return`).set('Cookie', jar.header()).send({ nonce: 'short' }).expect(400);

      const returned = await http().post(`/v1/logins/${login.loginId}/return`).set('Cookie', jar.header()).send({ nonce }).expect(200);
      expect(returned.body).toMatchObject({ status: 'complete', returned: true });
      const principal = await verifier.verify(await exchange(jar, login.loginId));
      expect(principal).toMatchObject({ kind: 'citizen', subject: subjectKeys.of(BRITT), provider: 'bankid' });
    });

    it('a QR login has no return step, and BankID’s risk (returnRisk) is kept with the session', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'qr' });
      expect(login.returned).toBeUndefined();
      await simHttp()
        .post('/control/bankid/scan')
        .send({ qr: login.qr!.content, personalNumber: ANNA, approve: true, risk: 'moderate' })
        .expect(200);
      await pollUntil(jar, login.loginId, 'complete');
      const token = await exchange(jar, login.loginId);
      const sessions = (await http().get('/v1/sessions').set('Authorization', `Bearer ${token}`).expect(200)).body as {
        current: boolean;
        assurance?: Record<string, unknown>;
      }[];
      expect(sessions.find((s) => s.current)!.assurance).toEqual({ risk: 'moderate' });
    });

    it('pinCode and mrtd (RP API 6.1) against the simulator: the app asks for the ID document, the result is kept', async () => {
      const provider = new BankIdProvider({
        baseUrl: `${sim.tlsUrl}/rp/v6.0`,
        clientCert: fs.readFileSync(sim.pki.rpClientCert),
        clientKey: fs.readFileSync(sim.pki.rpClientKey),
        ca: fs.readFileSync(sim.pki.serverCa),
        returnRisk: true,
        pinCode: true,
        mrtd: true,
      });
      try {
        const order = await provider.start({
          endUserIp: '192.0.2.44',
          method: 'same-device',
          returnUrl: 'http://portal.test/?eidReturn=x',
        });
        const picked = await simHttp()
          .post('/control/bankid/autostart')
          .send({ autoStartToken: order.autoStartToken, personalNumber: CARL })
          .expect(200);
        expect(picked.body).toMatchObject({ requirement: { pinCode: true, mrtd: true } });
        expect(await provider.collect(order)).toEqual({ status: 'pending', hintCode: 'userMrtd' });
        await simHttp().post(`/control/bankid/orders/${order.ref}/approve`).send({ risk: 'low' }).expect(200);
        const done = await provider.collect(order);
        if (done.status !== 'complete') throw new Error(`expected complete, got ${done.status}`);
        expect(done.identity.assurance).toEqual({ risk: 'low', mrtd: true, pinCode: true });
      } finally {
        provider.close();
      }
    });

    const PENDING = ['outstandingTransaction', 'noClient', 'started', 'userMrtd', 'userCallConfirm', 'userSign', 'aBrandNewPendingCode'];
    const FAILED = [
      'expiredTransaction',
      'certificateErr',
      'userCancel',
      'cancelled',
      'startFailed',
      'userDeclinedCall',
      'notSupportedByUserApp',
      'transactionRiskBlocked',
      'aBrandNewFailedCode',
    ];

    it.each(PENDING.map((p, i) => [p, FAILED[i % FAILED.length]!]).concat(FAILED.slice(PENDING.length).map((f) => ['userSign', f])))(
      'hint-code path: pending %s, then failed %s, each with its recommended message',
      async (pending, failed) => {
        await simHttp()
          .post('/control/bankid/scenarios')
          .send({
            states: [
              { status: 'pending', hintCode: pending },
              { status: 'failed', hintCode: failed },
            ],
          })
          .expect(204);
        const jar = new CookieJar();
        const login = await start(jar, { provider: 'bankid', method: 'qr' });
        const first = await poll(jar, login.loginId);
        expect(first).toMatchObject({ status: 'pending', hintCode: pending });
        expect(first.message).toEqual(userMessage({ provider: 'bankid', status: 'pending', hintCode: pending, method: 'qr' }));
        const second = await poll(jar, login.loginId);
        expect(second).toMatchObject({ status: 'failed', hintCode: failed });
        expect(second.message).toEqual(userMessage({ provider: 'bankid', status: 'failed', hintCode: failed, method: 'qr' }));
        expect(second.qr).toBeUndefined();
        await http().post(`/v1/logins/${login.loginId}/session`).set('Cookie', jar.header()).expect(404);
      },
    );

    it('maps the recommended messages the RFA way (spot checks of the table above)', () => {
      const m = (status: 'pending' | 'failed', hintCode: string) =>
        userMessage({ provider: 'bankid', status, hintCode, method: 'qr' }).code;
      expect([
        m('pending', 'userSign'),
        m('failed', 'userCancel'),
        m('failed', 'expiredTransaction'),
        m('failed', 'certificateErr'),
      ]).toEqual(['RFA9', 'RFA6', 'RFA8', 'RFA16']);
      expect([
        m('failed', 'startFailed'),
        m('failed', 'cancelled'),
        m('pending', 'aBrandNewPendingCode'),
        m('failed', 'aBrandNewFailedCode'),
      ]).toEqual(['RFA17B', 'RFA3', 'RFA21', 'RFA22']);
    });

    it('user cancel in the app ends the login as userCancel (RFA6), counted for the operator', async () => {
      const cancels = async () =>
        metricValue((await http().get('/metrics').expect(200)).text, 'insyn_identity_eid_orders_total', {
          provider: 'bankid',
          outcome: 'failed',
          reason: 'userCancel',
        });
      const before = await cancels();
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'qr' });
      await simHttp().post('/control/bankid/scan').send({ qr: login.qr!.content, personalNumber: ANNA }).expect(200);
      const orders = (await simHttp().get('/control/bankid/orders').expect(200)).body as { orderRef: string }[];
      for (const o of orders) await simHttp().post(`/control/bankid/orders/${o.orderRef}/decline`).expect(200);
      const ended = await poll(jar, login.loginId);
      expect(ended).toMatchObject({ status: 'failed', hintCode: 'userCancel', message: { code: 'RFA6' } });
      expect(await cancels()).toBe(before + 1);
    });

    it('RP cancel ends the order at BankID too, and nothing can be collected or exchanged afterwards', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'qr' });
      expect(((await simHttp().get('/control/bankid/orders')).body as unknown[]).length).toBe(1);
      const cancelled = (await http().delete(`/v1/logins/${login.loginId}`).set('Cookie', jar.header()).expect(200)).body as LoginBody;
      expect(cancelled).toMatchObject({ status: 'cancelled' });
      expect((await simHttp().get('/control/bankid/orders')).body).toEqual([]);
      expect(await poll(jar, login.loginId)).toMatchObject({ status: 'cancelled' });
      await http().delete(`/v1/logins/${login.loginId}`).set('Cookie', jar.header()).expect(200);
      await http().post(`/v1/logins/${login.loginId}/session`).set('Cookie', jar.header()).expect(404);
    });

    it('BankID down at start: a 503 problem with the recommended message, nothing stored', async () => {
      await simHttp()
        .post('/control/bankid/errors')
        .send({ rate: 1, errors: ['maintenance'], endpoints: ['auth'] })
        .expect(204);
      const startFailures = async () =>
        metricValue((await http().get('/metrics').expect(200)).text, 'insyn_identity_eid_orders_total', {
          provider: 'bankid',
          outcome: 'start-failed',
        });
      const before = await startFailures();
      try {
        const jar = new CookieJar();
        const res = await http().post('/v1/logins').send({ provider: 'bankid', method: 'qr' }).expect(503);
        expect(await startFailures()).toBe(before + 1);
        jar.take(res);
        expect(res.body).toMatchObject({ type: expect.stringContaining('eid/unavailable'), message: { code: 'RFA5' } });
      } finally {
        await simHttp().delete('/control/bankid/errors').expect(204);
      }
    });

    it('alreadyInProgress at start: a 409 problem with RFA4, and no login is kept', async () => {
      await simHttp()
        .post('/control/bankid/errors')
        .send({ rate: 1, errors: ['alreadyInProgress'], endpoints: ['auth'] })
        .expect(204);
      try {
        const res = await http().post('/v1/logins').send({ provider: 'bankid', method: 'qr' }).expect(409);
        expect(res.body).toMatchObject({ type: expect.stringContaining('eid/already-in-progress'), message: { code: 'RFA4' } });
      } finally {
        await simHttp().delete('/control/bankid/errors').expect(204);
      }
    });

    it('a transient collect error keeps the login alive (RFA5) and the next poll recovers', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'bankid', method: 'qr' });
      await simHttp()
        .post('/control/bankid/errors')
        .send({ rate: 1, errors: ['internalError'], endpoints: ['collect'] })
        .expect(204);
      const during = await poll(jar, login.loginId);
      await simHttp().delete('/control/bankid/errors').expect(204);
      expect(during).toMatchObject({ status: 'pending', message: { code: 'RFA5' } });
      expect(during.qr?.content).toMatch(/^bankid\./);
      expect(await poll(jar, login.loginId)).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction' });
      await http().delete(`/v1/logins/${login.loginId}`).set('Cookie', jar.header()).expect(200);
    });
  });

  describe('Freja eID', () => {
    it('QR login with a signed result (JWS verified by x5t), LoA 3 from PLUS', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'freja', method: 'qr' });
      expect(login.status).toBe('pending');
      expect(login.qr!.content).toMatch(/^frejaeid:\/\/bindUserToTransaction\?transactionReference=/);
      const ref = encodeURIComponent(login.qr!.content);
      await simHttp().post(`/control/freja/orders/${ref}/approve`).send({ personalNumber: BRITT }).expect(200);
      await pollUntil(jar, login.loginId, 'complete');
      const token = await exchange(jar, login.loginId);
      const principal = await verifier.verify(token);
      expect(principal).toMatchObject({ kind: 'citizen', subject: subjectKeys.of(BRITT), loa: 3, provider: 'freja' });
      // Freja's registration level, asked and signed, is kept with the sign-in as BankID's risk is.
      const sessions = (await http().get('/v1/sessions').set('Authorization', `Bearer ${token}`).expect(200)).body as {
        current: boolean;
        assurance?: Record<string, unknown>;
      }[];
      expect(sessions.find((s) => s.current)!.assurance).toEqual({ minRegistrationLevel: 'PLUS', registrationLevel: 'PLUS' });
    });

    it('a declined Freja login fails with a Freja message, never one about BankID', async () => {
      const jar = new CookieJar();
      const login = await start(jar, { provider: 'freja', method: 'qr' });
      await simHttp()
        .post(`/control/freja/orders/${encodeURIComponent(login.qr!.content)}/decline`)
        .expect(200);
      const ended = await poll(jar, login.loginId);
      expect(ended).toMatchObject({ status: 'failed', hintCode: 'userCancel' });
      expect(`${ended.message.sv} ${ended.message.en}`).not.toMatch(/BankID/);
    });
  });

  describe('sessions', () => {
    it('refresh rotates the cookie; the replaced token used again ends the session (reuse detection)', async () => {
      const { jar } = await bankIdLogin(ANNA);
      const first = jar.get('insyn_refresh')!;
      const refreshed = await http().post('/v1/sessions/refresh').set('Cookie', jar.header()).expect(200);
      jar.take(refreshed);
      expect(jar.get('insyn_refresh')).not.toBe(first);
      expect(await verifier.verify((refreshed.body as { accessToken: string }).accessToken)).toMatchObject({
        subject: subjectKeys.of(ANNA),
      });

      await http().post('/v1/sessions/refresh').set('Cookie', `insyn_refresh=${first}`).expect(401);
      // The copy was used: the legitimate holder's newer token no longer works either.
      await http().post('/v1/sessions/refresh').set('Cookie', jar.header()).expect(401);
    });

    it('sign-out revokes the refresh token at once', async () => {
      const { jar, token } = await bankIdLogin(BRITT);
      await http().post('/v1/sessions/sign-out').set('Cookie', jar.header()).expect(204);
      await http().post('/v1/sessions/refresh').set('Cookie', jar.header()).expect(401);
      const sessions = (await http().get('/v1/sessions').set('Authorization', `Bearer ${token}`).expect(200)).body as {
        current: boolean;
        active: boolean;
        revokeReason?: string;
      }[];
      expect(sessions.find((s) => s.current)).toMatchObject({ active: false, revokeReason: 'sign-out' });
    });

    it('a citizen sees only her own sessions: another citizen’s session id is not found, and cannot be ended', async () => {
      const anna = await bankIdLogin(ANNA);
      const britt = await bankIdLogin(BRITT);
      const annaSessions = (await http().get('/v1/sessions').set('Authorization', `Bearer ${anna.token}`).expect(200)).body as {
        sessionId: string;
      }[];
      const brittSessions = (await http().get('/v1/sessions').set('Authorization', `Bearer ${britt.token}`).expect(200)).body as {
        sessionId: string;
        current: boolean;
      }[];
      const brittCurrent = brittSessions.find((s) => s.current)!.sessionId;
      expect(annaSessions.map((s) => s.sessionId)).not.toContain(brittCurrent);

      await http().get(`/v1/sessions/${brittCurrent}`).set('Authorization', `Bearer ${anna.token}`).expect(404);
      await http().delete(`/v1/sessions/${brittCurrent}`).set('Authorization', `Bearer ${anna.token}`).expect(404);
      await http().get(`/v1/sessions/${brittCurrent}`).set('Authorization', `Bearer ${britt.token}`).expect(200);
      await http().post('/v1/sessions/refresh').set('Cookie', britt.jar.header()).expect(200);
    });

    it('expired, tampered and foreign tokens get 401 problems', async () => {
      const { token } = await bankIdLogin(ANNA);
      const [h, p, s] = token.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: subjectKeys.of(BRITT) })).toString('base64url')}.${s}`;
      const expired = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: 1_000_000 })).toString('base64url')}.${s}`;
      for (const bad of [tampered, expired, 'not-a-jwt']) {
        const res = await http().get('/v1/sessions').set('Authorization', `Bearer ${bad}`).expect(401);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    });

    it('publishes its keys as a JWKS (ES256, kid) for the other services', async () => {
      const { body } = await http()
        .get('/.well-known/jwks.json')
        .expect(200)
        .expect('Cache-Control', /max-age=300/);
      expect((body as { keys: { kty: string; alg: string; kid: string; d?: string }[] }).keys[0]).toMatchObject({
        kty: 'EC',
        alg: 'ES256',
        kid: expect.any(String),
      });
      expect(JSON.stringify(body)).not.toContain('"d"');
    });
  });

  describe('municipal systems (OAuth2 client credentials)', () => {
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const tokenRequest = (form: string, auth?: string) => {
      const r = http().post('/oauth/token').type('form').send(form);
      return auth ? r.set('Authorization', auth) : r;
    };

    it('issues a scoped token with the client’s unit, by HTTP Basic or by form fields', async () => {
      const res = await tokenRequest('grant_type=client_credentials&scope=messages:send', basic('case-system', CLIENT_SECRET))
        .expect(200)
        .expect('Cache-Control', 'no-store');
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'messages:send' });
      expect(await verifier.verify((res.body as { access_token: string }).access_token)).toMatchObject({
        kind: 'client',
        subject: 'case-system',
        scopes: ['messages:send'],
        unit: 'socialtjansten',
      });
      const post = await tokenRequest(`grant_type=client_credentials&client_id=case-system&client_secret=${CLIENT_SECRET}`).expect(200);
      expect((post.body as { scope: string }).scope).toBe('messages:send messages:read');
    });

    it('refuses a wrong secret, an unknown client, a scope it does not have and other grants, with OAuth error codes', async () => {
      const wrong = await tokenRequest('grant_type=client_credentials', basic('case-system', 'nope')).expect(401);
      expect(wrong.body).toMatchObject({ error: 'invalid_client', status: 401 });
      expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
      expect((await tokenRequest('grant_type=client_credentials', basic('no-such-client', 'x'.repeat(20))).expect(401)).body).toMatchObject(
        { error: 'invalid_client' },
      );
      expect(
        (await tokenRequest('grant_type=client_credentials&scope=retention:admin', basic('case-system', CLIENT_SECRET)).expect(400)).body,
      ).toMatchObject({ error: 'invalid_scope' });
      expect(
        (await tokenRequest('grant_type=password&username=a&password=b', basic('case-system', CLIENT_SECRET)).expect(400)).body,
      ).toMatchObject({ status: 400 });
      expect((await tokenRequest('grant_type=authorization_code', basic('case-system', CLIENT_SECRET)).expect(400)).body).toMatchObject({
        error: 'unsupported_grant_type',
      });
      expect((await tokenRequest('grant_type=client_credentials').expect(401)).body).toMatchObject({ error: 'invalid_client' });
      expect(
        (
          await tokenRequest(
            `grant_type=client_credentials&client_id=case-system&client_secret=${CLIENT_SECRET}`,
            basic('case-system', CLIENT_SECRET),
          ).expect(400)
        ).body,
      ).toMatchObject({ error: 'invalid_request' });
    });

    it('an official with identity-admin registers a client (secret shown once), and can disable it', async () => {
      const admin = await sithsLogin(CARL);
      const created = await http()
        .post('/v1/clients')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ clientId: 'school-system', name: 'Skolans system', scopes: ['messages:send'], unit: 'socialtjansten' })
        .expect(201); // Carl's own unit; for another one he only files it (client-registration.e2e-spec.ts)
      const secret = (created.body as { clientSecret: string }).clientSecret;
      expect(secret).toMatch(/^[\w-]{43}$/);
      await tokenRequest('grant_type=client_credentials', basic('school-system', secret)).expect(200);
      const listed = (await http().get('/v1/clients').set('Authorization', `Bearer ${admin.token}`).expect(200)).body as Record<
        string,
        unknown
      >[];
      expect(JSON.stringify(listed)).not.toContain(secret);
      expect(JSON.stringify(listed)).not.toContain('secretHash');
      await http()
        .post('/v1/clients')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ clientId: 'school-system', name: 'x', scopes: ['a:b'], unit: 'skola' })
        .expect(409);
      await http()
        .post('/v1/clients')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ clientId: 'insyn-portal', name: 'Not the portal', scopes: ['messages:send'], unit: 'skola' })
        .expect(422);
      await http().patch('/v1/clients/school-system').set('Authorization', `Bearer ${admin.token}`).send({ disabled: true }).expect(200);
      await tokenRequest('grant_type=client_credentials', basic('school-system', secret)).expect(401);

      const citizen = await bankIdLogin(ANNA);
      await http().get('/v1/clients').set('Authorization', `Bearer ${citizen.token}`).expect(403);
      const bad = await http()
        .post('/v1/clients')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ clientId: 'Bad Id', name: '', scopes: ['nope'], unit: 'x' })
        .expect(400);
      expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
        'clientId',
        'name',
        'scopes',
        'unit',
      ]);
    });
  });

  describe('SITHS eID (OIDC through the simulated Inera IdP)', () => {
    it('an official signs in and gets a token with HSA-id, unit and roles from configuration', async () => {
      const { token, location } = await sithsLogin(CARL, '/handlaggning');
      expect(location).toBe('http://portal.test/handlaggning');
      expect(await verifier.verify(token)).toMatchObject({
        kind: 'official',
        subject: subjectKeys.of(CARL),
        hsaId: CARL_HSA,
        unit: 'socialtjansten',
        roles: ['identity-admin', 'dpo'],
        loa: 3,
        provider: 'siths',
      });
      expect(decodeJwt(token)).toMatchObject({ client_id: 'insyn-portal', hsa_id: CARL_HSA });
    });

    it('officials with a single role, of another unit, get exactly that unit and role; only identity-admin reads the client registry', async () => {
      const karl = await sithsLogin(KARL);
      expect(await verifier.verify(karl.token)).toMatchObject({
        kind: 'official',
        hsaId: KARL_HSA,
        unit: 'kommunstyrelsen',
        roles: ['rights-handler'],
      });
      await http().get('/v1/clients').set('Authorization', `Bearer ${karl.token}`).expect(403);
      const gustav = await sithsLogin(GUSTAV);
      expect(await verifier.verify(gustav.token)).toMatchObject({ hsaId: GUSTAV_HSA, unit: 'kommunstyrelsen', roles: ['identity-admin'] });
      await http().get('/v1/clients').set('Authorization', `Bearer ${gustav.token}`).expect(200);
    });

    it('an official’s SITHS work sessions and her private BankID sessions are two lists: neither sees nor ends the other', async () => {
      const work = await sithsLogin(CARL);
      const home = await bankIdLogin(CARL);
      type View = { sessionId: string; provider: string; current: boolean };
      const list = async (token: string) =>
        (await http().get('/v1/sessions').set('Authorization', `Bearer ${token}`).expect(200)).body as View[];
      const privateOnes = await list(home.token);
      const workOnes = await list(work.token);
      expect(privateOnes.length).toBeGreaterThan(0);
      expect(new Set(privateOnes.map((s) => s.provider))).toEqual(new Set(['bankid']));
      expect(new Set(workOnes.map((s) => s.provider))).toEqual(new Set(['siths']));
      const workSession = workOnes.find((s) => s.current)!.sessionId;
      const homeSession = privateOnes.find((s) => s.current)!.sessionId;
      await http().get(`/v1/sessions/${workSession}`).set('Authorization', `Bearer ${home.token}`).expect(404);
      await http().delete(`/v1/sessions/${workSession}`).set('Authorization', `Bearer ${home.token}`).expect(404);
      await http().delete(`/v1/sessions/${homeSession}`).set('Authorization', `Bearer ${work.token}`).expect(404);
      await http().post('/v1/sessions/refresh').set('Cookie', work.jar.header()).expect(200);
      await http().delete(`/v1/sessions/${workSession}`).set('Authorization', `Bearer ${work.token}`).expect(204);
    });

    it('a replayed callback finds nothing; someone not registered as an official is refused', async () => {
      const replay = await sithsLogin(CARL);
      await http().get(replay.callbackPath).set('Cookie', replay.jar.header()).expect(404);
      await simHttp()
        .post('/control/users')
        .send({ personalNumber: '198112289874', givenName: 'Eva', surname: 'Ek', hsaId: 'SE2120002627-E000000000099' })
        .expect((r) => expect([200, 201]).toContain(r.status));
      await expect(sithsLogin('198112289874')).rejects.toThrow(/403/);
    });
  });

  describe('bad input', () => {
    it('answers malformed starts with 400 problems naming the field, and stores nothing', async () => {
      const jar = new CookieJar();
      for (const body of [
        { provider: 'passport', method: 'qr' },
        { provider: 'bankid', method: 'fax' },
        { provider: 'bankid', method: 'same-device', returnTo: 'https://evil.example' },
        { provider: 'bankid', method: 'same-device', returnTo: '//evil.example' },
        { provider: 'bankid', method: 'qr', extra: 1 },
      ]) {
        const res = await http().post('/v1/logins').send(body).expect(400);
        jar.take(res);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      expect(jar.get('insyn_login')).toBeUndefined();
      await http().get('/v1/logins/siths?returnTo=https://evil.example').expect(400);
    });

    it('rate-limits login starts per IP with a 429 problem', async () => {
      let limited: request.Response | undefined;
      // From an address of its own (behind the trusted loopback proxy), so the sign-ins after this test keep their budget.
      for (let i = 0; i < 220 && !limited; i++) {
        const res = await http().post('/v1/logins').set('X-Forwarded-For', '203.0.113.7').send({ provider: 'bankid', method: 'fax' });
        if (res.status === 429) limited = res;
      }
      expect(limited).toBeDefined();
      expect(limited!.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(limited!.headers['retry-after']).toBeDefined();
    });
  });

  /** The whole SITHS browser dance: start, the IdP (a login hint stands in for the person's choice), the callback. */
  describe('person assertions (ADR 0010)', () => {
    const ask = (token: string, audience = 'insyn-messages') =>
      http().post('/v1/person-assertions').set('Authorization', `Bearer ${token}`).send({ audience });

    it('gives the signed-in citizen her personnummer for messages: signed by identity, encrypted to messages’ key, two minutes', async () => {
      const { token } = await bankIdLogin(ANNA);
      const res = await ask(token).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({ audience: 'insyn-messages', expiresIn: 120 });
      expect(decodeProtectedHeader(res.body.assertion)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-1', cty: 'JWT' });
      // Opaque to the one who carries it: the number is not in the assertion as sent.
      expect(res.body.assertion).not.toContain(ANNA);
      expect(Buffer.from(res.body.assertion.split('.')[3], 'base64url').toString('latin1')).not.toContain(ANNA);
      const { plaintext } = await compactDecrypt(res.body.assertion, messagesKey.privateKey);
      const jwt = new TextDecoder().decode(plaintext);
      const claims = await verifier.verifyIssued(jwt, { typ: 'person-assertion+jwt', audience: 'insyn-messages', maxAgeSeconds: 180 });
      expect(claims).toMatchObject({ sub: subjectKeys.of(ANNA), personnummer: ANNA, iss: identityUrl, aud: 'insyn-messages' });
      expect((claims!.exp as number) - (claims!.iat as number)).toBe(120);
      // It is no access token, and no service takes it for one.
      expect(await verifier.verify(jwt)).toBeUndefined();
    });

    it('refuses an unknown audience (422), an official and a municipal system (403), an ended session (401), an unreachable key set (503)', async () => {
      const { jar, token } = await bankIdLogin(BRITT);
      await ask(token, 'insyn-unknown').expect(422);
      await ask(token, 'insyn-down').expect(503);
      const official = await sithsLogin(CARL);
      await ask(official.token).expect(403);
      const client = await http()
        .post('/oauth/token')
        .auth('case-system', CLIENT_SECRET)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      await ask((client.body as { access_token: string }).access_token).expect(403);
      await http().post('/v1/sessions/sign-out').set('Cookie', jar.header()).expect(204);
      const ended = await ask(token).expect(401);
      expect(JSON.stringify(ended.body)).not.toContain(BRITT);
    });
  });

  async function sithsLogin(
    pnr: string,
    returnTo?: string,
  ): Promise<{ token: string; jar: CookieJar; location: string; callbackPath: string }> {
    const jar = new CookieJar();
    const started = await http()
      .get(`/v1/logins/siths${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`)
      .expect(303);
    jar.take(started);
    const authorize = new URL(started.headers.location!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    authorize.searchParams.set('login_hint', pnr);
    const idp = new CookieJar();
    let next = authorize.toString();
    for (let hops = 0; !next.startsWith(identityUrl); hops++) {
      if (hops > 10) throw new Error('the IdP never returned to the identity service');
      const res = await request(new URL(next).origin)
        .get(new URL(next).pathname + new URL(next).search)
        .set('Cookie', idp.header());
      idp.take(res);
      if (res.status < 300 || res.status >= 400) throw new Error(`the IdP answered ${res.status}`);
      next = new URL(res.headers.location!, next).toString();
    }
    const callbackPath = next.slice(identityUrl.length);
    const back = await http().get(callbackPath).set('Cookie', jar.header());
    if (back.status !== 303) throw new Error(`callback answered ${back.status}: ${JSON.stringify(back.body)}`);
    jar.take(back);
    const refreshed = await http().post('/v1/sessions/refresh').set('Cookie', jar.header()).expect(200);
    jar.take(refreshed);
    return { token: (refreshed.body as { accessToken: string }).accessToken, jar, location: back.headers.location!, callbackPath };
  }
});
